using System.ComponentModel.DataAnnotations;

namespace Vividly.Hub.Inbox;

/// <summary>How long and how much of each inbox is kept.</summary>
public sealed class RetentionOptions
{
    [Range(1, 3650)]
    [ConfigurationKeyName("INBOX_RETENTION_DAYS")]
    public int Days { get; set; } = 30;

    [Range(10, 1_000_000)]
    [ConfigurationKeyName("INBOX_MAX_PER_USER")]
    public int MaxPerUser { get; set; } = 1000;

    [Range(1, 1440)]
    [ConfigurationKeyName("INBOX_RETENTION_INTERVAL_MINUTES")]
    public int IntervalMinutes { get; set; } = 60;
}
