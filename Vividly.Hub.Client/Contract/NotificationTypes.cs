namespace Vividly.Hub.Client.Contract;

public static class NotificationTypes
{
    public const string GenerationStarted = "content_generation.started";
    public const string GenerationProgress = "content_generation.progress";
    public const string GenerationCompleted = "content_generation.completed";
    public const string GenerationFailed = "content_generation.failed";
    public const string ClarificationNeeded = "clarification_needed";
    public const string SystemAnnouncement = "system.announcement";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        GenerationStarted, GenerationProgress, GenerationCompleted, GenerationFailed,
        ClarificationNeeded, SystemAnnouncement,
    };
}

public static class NotificationPriorities
{
    public const string Low = "low";
    public const string Normal = "normal";
    public const string High = "high";
    public const string Urgent = "urgent";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Low, Normal, High, Urgent,
    };
}
