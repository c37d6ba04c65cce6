using Microsoft.AspNetCore.SignalR;
using Vividly.Hub.Backplane;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
using Vividly.Hub.Health;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Store first, then send. Once <see cref="IInboxStore.AppendAsync"/> returns the publish is
/// durable and answered; the live send is best effort, so its failure never fails the publish.
/// While the backplane is away the send reaches this instance's own connections only; the
/// others are asked to resume when it returns (<see cref="BackplaneRecovery"/>).
/// </summary>
public sealed partial class NotificationPublisher(
    IInboxStore store,
    IHubContext<NotificationHub, INotificationClient> hub,
    RedisBackplane backplane,
    ConnectionRegistry connections,
    ServiceMetrics metrics,
    ILogger<NotificationPublisher> logger)
{
    public async Task<PublishResult> PublishAsync(NewNotification notification, CancellationToken cancellationToken)
    {
        var stored = await store.AppendAsync(notification, cancellationToken);
        if (stored.Created is not { } created)
        {
            Log.Duplicate(logger, notification.UserId, stored.Seq);
            return new PublishResult(stored.Id, stored.Seq, Duplicate: true);
        }

        metrics.Published();
        try
        {
            if (backplane.Enabled && !backplane.IsConnected)
                await SendLocallyAsync(created);
            else
                await hub.Clients.Group(UserGroups.For(created.UserId)).Notification(created);
            metrics.Delivered();
        }
        catch (Exception ex)
        {
            metrics.PublishError();
            Log.LiveSendFailed(logger, created.UserId, created.Seq, ex);
            await SendLocallyAsync(created);
        }
        return new PublishResult(stored.Id, stored.Seq, Duplicate: false);
    }

    /// <summary>A send to a connection this instance holds is written to it directly, without Redis.</summary>
    private async Task SendLocallyAsync(Notification notification)
    {
        foreach (var connectionId in connections.ConnectionsOf(notification.UserId))
        {
            try
            {
                await hub.Clients.Client(connectionId).Notification(notification);
            }
            catch (Exception ex)
            {
                Log.LiveSendFailed(logger, notification.UserId, notification.Seq, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Publish for {UserId} repeats an idempotency key; answered seq {Seq} again")]
        public static partial void Duplicate(ILogger logger, string userId, long seq);

        [LoggerMessage(2, LogLevel.Warning, "Stored seq {Seq} for {UserId} but the live send failed; clients resume it")]
        public static partial void LiveSendFailed(ILogger logger, string userId, long seq, Exception exception);
    }
}
