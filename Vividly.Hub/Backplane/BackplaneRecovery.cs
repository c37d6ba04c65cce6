using Microsoft.AspNetCore.SignalR;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
using Vividly.Hub.Notifications;

namespace Vividly.Hub.Backplane;

/// <summary>
/// Connects to Redis at start, and when the backplane comes back from an outage asks every
/// connection of this instance to resume, so what was published elsewhere meanwhile arrives now
/// rather than with the next notification. Connections that could not join their group while
/// Redis was away are closed instead: they reconnect, join, and resume.
/// </summary>
public sealed partial class BackplaneRecovery(
    RedisBackplane redis,
    ConnectionRegistry connections,
    IHubContext<NotificationHub, INotificationClient> hub,
    ILogger<BackplaneRecovery> logger) : IHostedService
{
    public const string Reason = "backplane_restored";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!redis.Enabled) return;
        redis.Restored += OnRestored;
        await redis.ConnectAsync(TextWriter.Null);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.Restored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnRestored() => _ = Task.Run(AskToResumeAsync);

    private async Task AskToResumeAsync()
    {
        var local = connections.All();
        Log.AskingToResume(logger, local.Count);
        foreach (var connection in local)
        {
            try
            {
                if (connection.JoinedGroup)
                    await hub.Clients.Client(connection.ConnectionId).ResumeRequested(new ResumeRequest(Reason));
                else
                    connection.Context.Abort();
            }
            catch (Exception ex)
            {
                Log.Failed(logger, connection.ConnectionId, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Backplane restored: asking {Count} connections to resume")]
        public static partial void AskingToResume(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not ask connection {ConnectionId} to resume")]
        public static partial void Failed(ILogger logger, string connectionId, Exception exception);
    }
}
