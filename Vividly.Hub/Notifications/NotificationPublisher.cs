using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Store first, then send. Once <see cref="IInboxStore.AppendAsync"/> returns the publish is
/// durable and answered; the live send is handed to <see cref="LiveDelivery"/>, which never
/// waits on a connection and only briefly on Redis, so a slow device or a Redis outage never
/// holds up a publish. One publisher's notifications are handed over in the order they were stored.
/// </summary>
public sealed partial class NotificationPublisher(
    IInboxStore store,
    LiveDelivery delivery,
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
        await delivery.SendAsync(new LiveEvent(created.UserId, Notification: created));
        metrics.Delivered();
        return new PublishResult(stored.Id, stored.Seq, Duplicate: false);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Publish for {UserId} repeats an idempotency key; answered seq {Seq} again")]
        public static partial void Duplicate(ILogger logger, string userId, long seq);
    }
}
