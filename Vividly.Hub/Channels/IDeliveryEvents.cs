namespace Vividly.Hub.Channels;

// Engagement and provider events land here (email webhooks, open pixel, click redirect).
public interface IDeliveryEvents
{
    // kind: delivered, opened, clicked, bounced, spamreport, unsubscribed; idempotent per (deliveryId, kind)
    Task RecordAsync(string deliveryId, string kind, DateTimeOffset at, CancellationToken cancellationToken);
}
