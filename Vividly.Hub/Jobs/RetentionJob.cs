using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Jobs;

/// <summary>Trims every inbox to <c>INBOX_RETENTION_DAYS</c> and <c>INBOX_MAX_PER_USER</c> every <c>INBOX_RETENTION_INTERVAL_MINUTES</c>.</summary>
public sealed partial class RetentionJob(
    IInboxStore store, IOptions<RetentionOptions> options, TimeProvider timeProvider, ILogger<RetentionJob> logger) : IBackgroundJob
{
    public string Name => "retention";

    public TimeSpan Interval => TimeSpan.FromMinutes(options.Value.IntervalMinutes);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(options.Value.Days);
        var removed = await store.RemoveExpiredAsync(cutoff, options.Value.MaxPerUser, cancellationToken);
        Log.Trimmed(logger, removed, cutoff);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Retention removed {Removed} notifications (older than {Cutoff} or over the per-user cap)")]
        public static partial void Trimmed(ILogger logger, int removed, DateTimeOffset cutoff);
    }
}
