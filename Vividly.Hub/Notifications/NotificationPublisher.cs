using Microsoft.AspNetCore.SignalR;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Health;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Store first, then send. Once <see cref="IInboxStore.AppendAsync"/> returns the publish is
/// durable and answered; the live send is best effort (a backplane outage loses it, and
/// clients recover it with <c>Resume</c>), so its failure never fails the publish.
/// </summary>
public sealed partial class NotificationPublisher(
    IInboxStore store,
    IHubContext<NotificationHub, INotificationClient> hub,
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
            await hub.Clients.Group(UserGroups.For(created.UserId)).Notification(created);
            metrics.Delivered();
        }
        catch (Exception ex)
        {
            metrics.PublishError();
            Log.LiveSendFailed(logger, created.UserId, created.Seq, ex);
        }
        return new PublishResult(stored.Id, stored.Seq, Duplicate: false);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Publish for {UserId} repeats an idempotency key; answered seq {Seq} again")]
        public static partial void Duplicate(ILogger logger, string userId, long seq);

        [LoggerMessage(2, LogLevel.Warning, "Stored seq {Seq} for {UserId} but the live send failed; clients resume it")]
        public static partial void LiveSendFailed(ILogger logger, string userId, long seq, Exception exception);
    }
}
