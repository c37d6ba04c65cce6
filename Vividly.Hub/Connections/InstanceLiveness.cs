using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Vividly.Hub.Redis;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Connections;

/// <summary>
/// Keeps a short-lived key in Redis while this process runs, renewed four times per
/// <c>INSTANCE_LIVENESS_TTL_MS</c>. Admission (<see cref="RedisConnectionLimiter"/>) treats the
/// slots of a process without one as free, so users whose connections were all on a crashed
/// instance get back in on their clients' first retries. Deleted on shutdown for the same reason.
/// </summary>
public sealed partial class InstanceLiveness(
    RedisConnection redis,
    InstanceIdentity instance,
    IOptions<ConnectionsOptions> options,
    TimeProvider timeProvider,
    ILogger<InstanceLiveness> logger) : BackgroundService
{
    public const string KeyPrefix = $"{RedisOptions.KeyPrefix}:alive:";

    private RedisKey Key => KeyPrefix + instance.ProcessKey;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only Redis admission reads liveness keys.
        if (!redis.Enabled) return;
        var ttl = TimeSpan.FromMilliseconds(options.Value.InstanceLivenessTtlMs);
        using var timer = new PeriodicTimer(ttl / 4, timeProvider);
        do
        {
            try
            {
                if (redis.IsConnected) await redis.RunAsync(connection => connection.GetDatabase().StringSetAsync(Key, 1, ttl));
            }
            catch (RedisUnavailableException ex)
            {
                Log.NotRenewed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            if (redis.IsConnected) await redis.RunAsync(connection => connection.GetDatabase().KeyDeleteAsync(Key));
        }
        catch (RedisUnavailableException ex)
        {
            Log.NotRenewed(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not renew this instance's liveness key: {Reason}")]
        public static partial void NotRenewed(ILogger logger, string reason);
    }
}
