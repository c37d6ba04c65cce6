using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Push;

/// <summary>
/// Removes push subscriptions that have expired or been inactive for <c>PUSH_INACTIVE_DAYS</c>
/// (0 turns it off), at retention's interval: a browser that dropped its subscription without
/// telling anyone, and whose push service never answered 404 or 410, leaves nothing behind.
/// </summary>
public sealed partial class PushCleanupJob(
    IPushSubscriptionStore store, IOptions<PushOptions> options, IOptions<RetentionOptions> retention, TimeProvider timeProvider, ILogger<PushCleanupJob> logger)
    : IBackgroundJob
{
    public string Name => "push-cleanup";

    public TimeSpan Interval => TimeSpan.FromMinutes(retention.Value.IntervalMinutes);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Value.InactiveDays == 0) return;
        var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(options.Value.InactiveDays);
        var removed = await store.RemoveInactiveAsync(cutoff, cancellationToken);
        if (removed > 0) Log.Removed(logger, removed, cutoff);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Removed {Count} push subscriptions expired or inactive since {Cutoff}")]
        public static partial void Removed(ILogger logger, int count, DateTimeOffset cutoff);
    }
}
