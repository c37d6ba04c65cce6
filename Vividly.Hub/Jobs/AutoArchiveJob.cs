using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Jobs;

/// <summary>
/// Archives notifications read more than <c>INBOX_AUTO_ARCHIVE_DAYS</c> ago (0 turns it off),
/// at retention's interval, and tells each user's connected devices with <c>InboxChanged</c>,
/// whose <c>updated</c> lists the new state of each notification archived.
/// </summary>
public sealed partial class AutoArchiveJob(
    IInboxMaintenance maintenance, InboxChanges changes, IOptions<JobsOptions> options, IOptions<RetentionOptions> retention,
    TimeProvider timeProvider, ILogger<AutoArchiveJob> logger) : IBackgroundJob
{
    /// <summary>Archived per store call, so no transaction holds the store for long.</summary>
    public const int BatchSize = 1000;

    public string Name => "auto-archive";

    public TimeSpan Interval => TimeSpan.FromMinutes(retention.Value.IntervalMinutes);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AutoArchiveDays == 0) return;
        var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(options.Value.AutoArchiveDays);
        IReadOnlyList<ArchivedNotification> archived;
        do
        {
            archived = await maintenance.ArchiveReadBeforeAsync(cutoff, BatchSize, cancellationToken);
            foreach (var user in archived.GroupBy(a => a.UserId, StringComparer.Ordinal))
                await changes.AnnounceAsync(user.Key, [.. user.Select(a => a.State)], cancellationToken);
            if (archived.Count > 0) Log.Archived(logger, archived.Count, cutoff);
        }
        while (archived.Count == BatchSize);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Archived {Count} notifications read before {Cutoff}")]
        public static partial void Archived(ILogger logger, int count, DateTimeOffset cutoff);
    }
}
