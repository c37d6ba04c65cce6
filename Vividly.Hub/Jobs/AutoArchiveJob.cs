using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;

namespace Vividly.Hub.Jobs;

/// <summary>
/// Archives notifications read more than <c>INBOX_AUTO_ARCHIVE_DAYS</c> ago (0 turns it off),
/// at retention's interval, and tells each user's connected devices with <c>InboxChanged</c>.
/// </summary>
public sealed partial class AutoArchiveJob(
    IInboxMaintenance maintenance, IInboxStore store, LiveDelivery delivery, IOptions<JobsOptions> options, IOptions<RetentionOptions> retention,
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
            archived = await maintenance.ArchiveReadAsync(cutoff, BatchSize, cancellationToken);
            foreach (var user in archived.GroupBy(a => a.UserId, StringComparer.Ordinal))
            {
                // Archiving read items leaves the unread count as it was; the change says so all the same.
                var state = await store.GetStateAsync(user.Key, cancellationToken);
                await delivery.SendAsync(new LiveEvent(user.Key, InboxChange: new InboxChange([], false, false, state.UnreadCount, [])));
            }
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
