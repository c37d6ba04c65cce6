using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Preferences;

/// <summary>What each notification type gets by email and push until the user says otherwise.</summary>
public sealed record TypeDefault(bool Email, bool Push, string EmailCadence, bool Locked);

public static class TypeDefaults
{
    /// <summary>
    /// Every type, in the order answers list them. Steps along the way stay in the app; outcomes
    /// reach the user by email and push; the two that need the user (a failure, a question) are
    /// locked on; announcements come as a daily email.
    /// </summary>
    public static IReadOnlyDictionary<string, TypeDefault> ByType { get; } = new Dictionary<string, TypeDefault>(StringComparer.Ordinal)
    {
        [NotificationTypes.GenerationStarted] = new(Email: false, Push: false, EmailCadences.Instant, Locked: false),
        [NotificationTypes.GenerationProgress] = new(Email: false, Push: false, EmailCadences.Instant, Locked: false),
        [NotificationTypes.GenerationCompleted] = new(Email: true, Push: true, EmailCadences.Instant, Locked: false),
        [NotificationTypes.GenerationFailed] = new(Email: true, Push: true, EmailCadences.Instant, Locked: true),
        [NotificationTypes.ClarificationNeeded] = new(Email: true, Push: true, EmailCadences.Instant, Locked: true),
        [NotificationTypes.SystemAnnouncement] = new(Email: true, Push: false, EmailCadences.Daily, Locked: false),
    };
}
