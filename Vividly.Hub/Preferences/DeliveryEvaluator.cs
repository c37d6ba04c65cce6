using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Preferences;

/// <summary>
/// Decides, from a user's preferences, what each channel does with a notification of a type and
/// priority at an instant. Pure: the same arguments always give the same plan.
/// <list type="bullet">
/// <item>In-app: always now; the inbox holds every notification and interrupts nobody.</item>
/// <item>A channel the user turned off is skipped whatever the priority (locked ones cannot be).</item>
/// <item><c>urgent</c>: now, through quiet hours and past digests.</item>
/// <item><c>high</c>: email and push at once, held while quiet hours last.</item>
/// <item><c>normal</c>: email by the cadence (instant ones held in quiet hours; <c>off</c> skips), push held in quiet hours.</item>
/// <item><c>low</c>: email to a digest only (hourly when the cadence is instant; <c>off</c> skips), never pushed.</item>
/// </list>
/// A digest is sent on its own schedule, so quiet hours are its sender's to honour, not this plan's.
/// </summary>
public static class DeliveryEvaluator
{
    public static DeliveryPlan Evaluate(UserPreferences preferences, string type, string priority, DateTimeOffset at)
    {
        if (!NotificationPriorities.All.Contains(priority)) throw new ArgumentException($"No priority {priority}.", nameof(priority));
        var effective = EffectivePreferences.For(preferences, type);
        var quietUntil = QuietHoursWindow.Of(preferences.QuietHours)?.EndOf(at);
        return new DeliveryPlan(
            SendNow.Instance,
            effective.Channels.Email.Enabled ? Email(priority, effective.EmailCadence.Value, quietUntil) : new Skip(SkipReasons.ChannelOff),
            effective.Channels.Push.Enabled ? Push(priority, quietUntil) : new Skip(SkipReasons.ChannelOff));
    }

    private static ChannelDecision Email(string priority, string cadence, DateTimeOffset? quietUntil) => priority switch
    {
        NotificationPriorities.Urgent => SendNow.Instance,
        NotificationPriorities.High => Interrupt(quietUntil),
        NotificationPriorities.Normal => cadence switch
        {
            EmailCadences.Instant => Interrupt(quietUntil),
            EmailCadences.Hourly => new AddToDigest(DigestCadence.Hourly),
            EmailCadences.Daily => new AddToDigest(DigestCadence.Daily),
            _ => new Skip(SkipReasons.CadenceOff),
        },
        _ => cadence switch
        {
            EmailCadences.Instant or EmailCadences.Hourly => new AddToDigest(DigestCadence.Hourly),
            EmailCadences.Daily => new AddToDigest(DigestCadence.Daily),
            _ => new Skip(SkipReasons.CadenceOff),
        },
    };

    private static ChannelDecision Push(string priority, DateTimeOffset? quietUntil) => priority switch
    {
        NotificationPriorities.Urgent => SendNow.Instance,
        NotificationPriorities.Low => new Skip(SkipReasons.LowPriorityNotPushed),
        _ => Interrupt(quietUntil),
    };

    private static ChannelDecision Interrupt(DateTimeOffset? quietUntil) =>
        quietUntil is { } until ? new HoldUntil(until) : SendNow.Instance;
}
