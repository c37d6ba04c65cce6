namespace Vividly.Hub.Connections;

/// <summary>
/// Every few seconds: closes connections whose token has expired (the client reconnects with a
/// fresh one and resumes) and renews this instance's connection-limit slots.
/// </summary>
public sealed partial class ConnectionMaintenance(
    ConnectionRegistry connections, IConnectionLimiter limiter, TimeProvider timeProvider, ILogger<ConnectionMaintenance> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = timeProvider.GetUtcNow();
            var open = connections.All();
            foreach (var expired in open.Where(c => c.TokenExpires <= now))
            {
                Log.TokenExpired(logger, expired.ConnectionId, expired.UserId);
                expired.Context.Abort();
            }
            await limiter.RenewAsync(open);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Closing connection {ConnectionId} of {UserId}: its token expired")]
        public static partial void TokenExpired(ILogger logger, string connectionId, string userId);
    }
}
