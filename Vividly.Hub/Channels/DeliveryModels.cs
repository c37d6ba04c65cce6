namespace Vividly.Hub.Channels;

/// <summary>What routing decided for one channel of one notification, as the dispatcher stores it.</summary>
public sealed record RoutedDelivery(string Channel, string Status, string? Reason, DateTimeOffset? DueAt);

/// <summary>A claimed outbox row: a stored notification not yet routed.</summary>
public sealed record OutboxClaim(string NotificationId, string UserId);

/// <summary>A delivery claimed for sending (<c>sending</c>), its attempts counting this one.</summary>
public sealed record SendClaim(string DeliveryId, string NotificationId, string UserId, string Channel, int Attempts);

/// <summary>How a send ended, as stored in its row.</summary>
public sealed record SendResult(string Status, string? Reason, string? LastError, DateTimeOffset? DueAt, string? ProviderMessageId);

/// <summary>One channel's delivery of a notification, as <c>GET /api/v1/notifications/{id}/deliveries</c> answers it.</summary>
public sealed record DeliveryView(
    string Id,
    string Channel,
    string Status,
    string? Reason,
    string? LastError,
    int Attempts,
    DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClickedAt,
    DateTimeOffset? BouncedAt,
    DateTimeOffset UpdatedAt);

public sealed record DeliveriesAnswer(string NotificationId, IReadOnlyList<DeliveryView> Deliveries);

/// <summary>
/// One channel and type over a window of deliveries created in it. Rates are over <see cref="Sent"/>
/// and null when nothing was sent.
/// </summary>
public sealed record DeliveryMetricsRow(
    string Channel, string Type, long Sent, long Delivered, long Opened, long Clicked, long Bounced,
    double? OpenRate, double? ClickThroughRate, double? BounceRate);

public sealed record DeliveryMetricsAnswer(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DeliveryMetricsRow> Rows);
