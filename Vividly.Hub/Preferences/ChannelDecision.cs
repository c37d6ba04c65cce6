namespace Vividly.Hub.Preferences;

/// <summary>What one channel does with one notification.</summary>
public abstract record ChannelDecision;

/// <summary>Deliver it now.</summary>
public sealed record SendNow : ChannelDecision
{
    public static SendNow Instance { get; } = new();
}

/// <summary>Deliver it at <paramref name="Until"/> (UTC), when the user's quiet hours end.</summary>
public sealed record HoldUntil(DateTimeOffset Until) : ChannelDecision;

/// <summary>Add it to the user's next digest of that cadence.</summary>
public sealed record AddToDigest(DigestCadence Cadence) : ChannelDecision;

/// <summary>Do not deliver it on this channel, for <paramref name="Reason"/> (one of <see cref="SkipReasons"/>).</summary>
public sealed record Skip(string Reason) : ChannelDecision;

public enum DigestCadence
{
    Hourly,
    Daily,
}

public static class SkipReasons
{
    /// <summary>The user turned the channel off for the type.</summary>
    public const string ChannelOff = "channel_off";

    /// <summary>The type's email cadence is off, and the notification is not high or urgent.</summary>
    public const string CadenceOff = "email_cadence_off";

    /// <summary>Low priority notifications are never pushed.</summary>
    public const string LowPriorityNotPushed = "low_priority_not_pushed";
}

/// <summary>What every channel does with one notification.</summary>
public sealed record DeliveryPlan(ChannelDecision InApp, ChannelDecision Email, ChannelDecision Push);
