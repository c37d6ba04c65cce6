using Vividly.Hub.Preferences;

namespace Vividly.Hub.Channels;

/// <summary>
/// Turns the preferences' plan for a notification into a deliveries row per channel: now is
/// <c>pending</c>, quiet hours <c>held</c> until they end, a digest <c>digest</c> (the cadence in
/// <c>reason</c>), a skip <c>skipped</c> with the plan's reason; a channel the plan would use but
/// that cannot reach the user is skipped as <c>no_address</c> or <c>no_subscription</c>.
/// </summary>
public static class DeliveryRouting
{
    public static IReadOnlyList<(string Channel, ChannelDecision Decision)> Channels(DeliveryPlan plan) =>
        [(NotificationChannels.Email, plan.Email), (NotificationChannels.Push, plan.Push)];

    public static RoutedDelivery Route(string channel, ChannelDecision decision, bool reachable, DateTimeOffset now) => decision switch
    {
        Skip skip => new RoutedDelivery(channel, DeliveryStatuses.Skipped, skip.Reason, null),
        _ when !reachable => new RoutedDelivery(channel, DeliveryStatuses.Skipped,
            channel == NotificationChannels.Push ? DeliveryReasons.NoSubscription : DeliveryReasons.NoAddress, null),
        SendNow => new RoutedDelivery(channel, DeliveryStatuses.Pending, null, now),
        HoldUntil hold => new RoutedDelivery(channel, DeliveryStatuses.Held, null, hold.Until),
        AddToDigest digest => new RoutedDelivery(channel, DeliveryStatuses.Digest, digest.Cadence == DigestCadence.Hourly ? EmailCadences.Hourly : EmailCadences.Daily, null),
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "No such channel decision."),
    };
}
