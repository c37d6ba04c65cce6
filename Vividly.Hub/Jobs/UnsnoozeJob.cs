using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;

namespace Vividly.Hub.Jobs;

/// <summary>
/// Returns notifications whose snooze ended: the store moves each to its user's next seq, then
/// each is sent live exactly as a new publish is, so connected devices get it now and the rest
/// read it with their next resume (its new seq is above where they stopped).
/// </summary>
public sealed partial class UnsnoozeJob(
    IInboxMaintenance maintenance, LiveDelivery delivery, IOptions<JobsOptions> options, TimeProvider timeProvider, ILogger<UnsnoozeJob> logger) : IBackgroundJob
{
    /// <summary>Moved per store call, so no call holds the store for long.</summary>
    public const int BatchSize = 500;

    public string Name => "unsnooze";

    public TimeSpan Interval => TimeSpan.FromSeconds(options.Value.UnsnoozeIntervalSeconds);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Vividly.Hub.Client.Contract.Notification> returned;
        do
        {
            returned = await maintenance.ReturnSnoozedAsync(timeProvider.GetUtcNow(), BatchSize, cancellationToken);
            // Stored first: a send lost from here on is read back with the device's next resume.
            foreach (var notification in returned) await delivery.SendAsync(new LiveEvent(notification.UserId, Notification: notification));
            if (returned.Count > 0) Log.Returned(logger, returned.Count);
        }
        while (returned.Count == BatchSize);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Returned {Count} notifications whose snooze ended")]
        public static partial void Returned(ILogger logger, int count);
    }
}
