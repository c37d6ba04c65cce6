using Microsoft.Extensions.Options;
using Vividly.Hub.Live;

namespace Vividly.Hub.Connections;

/// <summary>
/// Every few seconds: closes connections whose token has expired (with reconnecting allowed, so
/// the client asks its token factory for a fresh one, reconnects and resumes) and those silent for longer than <c>SSE_CONNECTION_TIMEOUT</c> (over
/// SSE a client speaks only in POSTs, its pings among them; a plain stream, whose client cannot
/// speak, is heard each time a write to it completes), and renews this instance's
/// connection-limit slots.
/// </summary>
public sealed partial class ConnectionMaintenance(
    ConnectionRegistry connections,
    IConnectionLimiter limiter,
    IOptions<ConnectionsOptions> options,
    TimeProvider timeProvider,
    ILogger<ConnectionMaintenance> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = timeProvider.GetUtcNow();
            var open = connections.All();
            var silentSince = now - options.Value.Timeout;
            foreach (var connection in open)
            {
                if (connection.TokenExpires <= now)
                {
                    Log.TokenExpired(logger, connection.ConnectionId, connection.UserId);
                    connection.Control.CloseAllowingReconnect(CloseReason.TokenExpired);
                }
                else if (connection.LastHeard < silentSince)
                {
                    Log.Silent(logger, connection.ConnectionId, connection.UserId);
                    connection.Control.CloseAllowingReconnect(CloseReason.Silent);
                }
            }
            await limiter.RenewAsync(open);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Closing connection {ConnectionId} of {UserId}: its token expired")]
        public static partial void TokenExpired(ILogger logger, string connectionId, string userId);

        [LoggerMessage(2, LogLevel.Information, "Closing connection {ConnectionId} of {UserId}: not heard from within SSE_CONNECTION_TIMEOUT")]
        public static partial void Silent(ILogger logger, string connectionId, string userId);
    }
}
