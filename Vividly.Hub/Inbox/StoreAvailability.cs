namespace Vividly.Hub.Inbox;

/// <summary>
/// Whether the store answers, as last seen by <see cref="StoreAvailabilityMonitor"/> or by an
/// operation that failed for want of it. Health and negotiate read it instead of asking the
/// store, so they answer at once whatever the store does.
/// </summary>
public sealed partial class StoreAvailability(ILogger<StoreAvailability> logger)
{
    private int _available = 1;

    public bool IsAvailable => Volatile.Read(ref _available) == 1;

    /// <summary>Raised once per outage, when the store answers again.</summary>
    public event Action? Restored;

    public void MarkUnavailable(string reason)
    {
        if (Interlocked.Exchange(ref _available, 0) == 1) Log.Unavailable(logger, reason);
    }

    public void MarkAvailable()
    {
        if (Interlocked.Exchange(ref _available, 1) == 1) return;
        Log.Restored(logger);
        Restored?.Invoke();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Inbox store unavailable ({Reason}): negotiates are refused and health says unhealthy until it answers again")]
        public static partial void Unavailable(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Information, "Inbox store answers again")]
        public static partial void Restored(ILogger logger);
    }
}
