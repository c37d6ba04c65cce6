namespace Vividly.Hub.Channels;

/// <summary>
/// When a delivery is tried again after its <c>attempt</c>-th send failed: exponential from the
/// base, capped, with full jitter (a uniform draw below the exponential) so senders failed
/// together do not retry together. Computed from the attempts stored in the row rather than
/// inside one in-memory retry loop, so a restart continues the schedule.
/// </summary>
public sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
{
    public TimeSpan DelayAfter(int attempt, TimeSpan? requested)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        // At least half the ceiling, so a retry never comes right away.
        var jittered = TimeSpan.FromMilliseconds(ceiling / 2 + random() * ceiling / 2);
        // A provider's Retry-After is a floor: sooner would be refused again.
        return requested is { } after && after > jittered ? after : jittered;
    }
}
