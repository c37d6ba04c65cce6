using Vividly.Hub.Live;

namespace Vividly.Hub.Inbox;

/// <summary>
/// When the store answers again after an outage, every connection of this instance is asked to
/// resume: a publish answered 503 may still have been stored, and its live send never went out.
/// </summary>
public sealed partial class StoreRecovery(StoreAvailability availability, LiveDelivery delivery, ILogger<StoreRecovery> logger) : IHostedService
{
    public const string Reason = "store_restored";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        availability.Restored += OnRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        availability.Restored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnRestored()
    {
        Log.AskingToResume(logger);
        delivery.AskAllToResume(Reason);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Inbox store restored: asking every connection to resume")]
        public static partial void AskingToResume(ILogger logger);
    }
}
