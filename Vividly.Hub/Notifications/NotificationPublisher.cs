using System.Diagnostics;
using Vividly.Hub.Channels;
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
    IEnumerable<IChannelSender> channels,
    ILogger<NotificationPublisher> logger)
{
    // Email and push are routed from the outbox only where one of them is configured.
    private readonly bool _routed = channels.Any();

    public async Task<PublishResult> PublishAsync(NewNotification notification, CancellationToken cancellationToken)
    {
        using var publish = HubActivities.Source.StartActivity("publish");
        publish?.SetTag("vividly.notification.type", notification.Type);
        var stored = await AppendAsync(notification, cancellationToken);
        if (stored.Created is { } created) await SendAsync(created);
        return Answer(stored, notification);
    }

    /// <summary>
    /// Publishes several notifications, each on its own: one the store cannot take fails no other
    /// and is answered with its <see cref="StoreUnavailableException"/>. Every append is started
    /// before any is awaited, so a group-committing store writes them together; each stored one is
    /// then handed to live delivery in the order given. The store keeps call order, so one user's
    /// notifications get seqs in the order given.
    /// </summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishAllAsync(IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken)
    {
        using var publish = HubActivities.Source.StartActivity("publish batch");
        publish?.SetTag("vividly.notification.count", notifications.Count);
        var appends = notifications.Select(notification => AppendAsync(notification, cancellationToken)).ToArray();
        var outcomes = new PublishOutcome[notifications.Count];
        var sends = new List<Task>(notifications.Count);
        for (var i = 0; i < appends.Length; i++)
        {
            AppendResult stored;
            try
            {
                stored = await appends[i];
            }
            catch (StoreUnavailableException unavailable)
            {
                outcomes[i] = new PublishOutcome(null, unavailable);
                continue;
            }
            // Started in the order stored and not awaited one by one: Redis takes them in this order.
            if (stored.Created is { } created) sends.Add(SendAsync(created));
            outcomes[i] = new PublishOutcome(Answer(stored, notifications[i]), null);
        }
        await Task.WhenAll(sends);
        return outcomes;
    }

    private async Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken)
    {
        using var append = HubActivities.Source.StartActivity("inbox append");
        try
        {
            var stored = await store.AppendAsync(_routed ? notification : notification with { Routed = false }, cancellationToken);
            append?.SetTag("vividly.notification.seq", stored.Seq).SetTag("vividly.notification.duplicate", stored.Duplicate);
            return stored;
        }
        catch (Exception ex) when (append is not null)
        {
            append.AddException(ex).SetStatus(ActivityStatusCode.Error);
            throw;
        }
    }

    /// <summary>Up to Redis taking it (or this instance's outboxes, while Redis is away); the writes to each connection follow on their own.</summary>
    private async Task SendAsync(Notification created)
    {
        using var send = HubActivities.Source.StartActivity("live send");
        metrics.Published();
        await delivery.SendAsync(new LiveEvent(created.UserId, Notification: created));
        metrics.Delivered();
    }

    private PublishResult Answer(AppendResult stored, NewNotification notification)
    {
        if (stored.Duplicate) Log.Duplicate(logger, notification.UserId, stored.Seq);
        return new PublishResult(stored.Id, stored.Seq, stored.Duplicate);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Publish for {UserId} repeats an idempotency key; answered seq {Seq} again")]
        public static partial void Duplicate(ILogger logger, string userId, long seq);
    }
}
