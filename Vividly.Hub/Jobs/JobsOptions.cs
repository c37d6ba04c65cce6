using System.ComponentModel.DataAnnotations;

namespace Vividly.Hub.Jobs;

/// <summary>The background jobs' own settings; retention's are <see cref="Inbox.RetentionOptions"/>.</summary>
public sealed class JobsOptions
{
    /// <summary>Read notifications are archived this many days after they were read; 0 turns it off.</summary>
    [Range(0, 3650, ErrorMessage = "INBOX_AUTO_ARCHIVE_DAYS must be 0 (off) to 3650.")]
    [ConfigurationKeyName("INBOX_AUTO_ARCHIVE_DAYS")]
    public int AutoArchiveDays { get; set; } = 14;

    /// <summary>How often ended snoozes are returned: how late, at most, a notification comes back.</summary>
    [Range(1, 3600, ErrorMessage = "INBOX_UNSNOOZE_INTERVAL_SECONDS must be 1 to 3600.")]
    [ConfigurationKeyName("INBOX_UNSNOOZE_INTERVAL_SECONDS")]
    public int UnsnoozeIntervalSeconds { get; set; } = 60;
}
