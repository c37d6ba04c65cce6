using Microsoft.Extensions.Options;

namespace Vividly.Hub.Inbox;

/// <summary>
/// Trims every inbox on a timer. Each instance runs it; a second run over the same rows removes
/// nothing more, so instances need not agree on who runs it.
/// </summary>
public sealed partial class InboxRetentionService(
    IInboxStore store, IOptions<RetentionOptions> options, TimeProvider timeProvider, ILogger<InboxRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.IntervalMinutes), timeProvider);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(options.Value.Days);
            var removed = await store.RemoveExpiredAsync(cutoff, options.Value.MaxPerUser, cancellationToken);
            Log.Trimmed(logger, removed, cutoff);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The next tick tries again; an inbox a little over its limits harms nobody.
            Log.Failed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Retention removed {Removed} notifications (older than {Cutoff} or over the per-user cap)")]
        public static partial void Trimmed(ILogger logger, int removed, DateTimeOffset cutoff);

        [LoggerMessage(2, LogLevel.Warning, "Retention run failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
