namespace Vividly.Hub.Channels;

/// <summary>The <c>status</c> of a deliveries row.</summary>
public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Held = "held";
    public const string Digest = "digest";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
    public const string Bounced = "bounced";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}

/// <summary>The <c>reason</c> of a skipped delivery besides the preferences' own (<see cref="Preferences.SkipReasons"/>).</summary>
public static class DeliveryReasons
{
    /// <summary>The user has no email address (email) or no push subscription (push).</summary>
    public const string NoAddress = "no_address";

    public const string NoSubscription = "no_subscription";

    /// <summary>The notification was cleared or trimmed from the inbox before it was routed or sent.</summary>
    public const string NotificationRemoved = "notification_removed";

    /// <summary>The sender answered <see cref="SendOutcome.Unreachable"/>; its reason is the row's <c>last_error</c>.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>No sender is registered for the channel on the instance that sent it.</summary>
    public const string NoSender = "no_sender";
}

/// <summary>The engagement and provider events <see cref="IDeliveryEvents"/> takes.</summary>
public static class DeliveryEventKinds
{
    public const string Delivered = "delivered";
    public const string Opened = "opened";
    public const string Clicked = "clicked";
    public const string Bounced = "bounced";
    public const string SpamReport = "spamreport";
    public const string Unsubscribed = "unsubscribed";

    public static IReadOnlyList<string> All { get; } = [Delivered, Opened, Clicked, Bounced, SpamReport, Unsubscribed];
}
