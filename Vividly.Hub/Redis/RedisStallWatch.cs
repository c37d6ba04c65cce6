using Microsoft.Extensions.Options;

namespace Vividly.Hub.Redis;

/// <summary>
/// Tells a stalled Redis from a healthy one. A paused, overloaded or failing-over Redis keeps its
/// sockets open, so the client still reports itself connected while every command waits. Twice a
/// second this PINGs both connections (commands and subscriptions); one unanswered within
/// <c>REDIS_TIMEOUT_MS</c> marks Redis stalled, and the first answer after that restores it
/// (<see cref="RedisConnection.ReportAnswering"/>), which asks every connection to resume.
/// </summary>
public sealed class RedisStallWatch(RedisConnection redis, IOptions<RedisOptions> options, TimeProvider timeProvider) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!redis.Enabled) return;
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // A lost connection is the client's to notice and restore; a stall is ours.
            if (redis.Connection is not { IsConnected: true } connection) continue;
            var pings = Task.WhenAll(connection.GetDatabase().PingAsync(), connection.GetSubscriber().PingAsync());
            try
            {
                await pings.WaitAsync(options.Value.Timeout, timeProvider, stoppingToken);
                redis.ReportAnswering();
            }
            // Any failure short of stopping counts: a connection the client gives up on cancels its
            // PINGs or fails them with pipe errors, and this watch must outlive all of it.
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                _ = pings.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                redis.ReportStalled();
            }
        }
    }
}
