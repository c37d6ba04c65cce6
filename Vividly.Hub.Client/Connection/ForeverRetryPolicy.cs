using Microsoft.AspNetCore.SignalR.Client;

namespace Vividly.Hub.Client.Connection;

/// <summary>
/// Reconnects for as long as the client lives: exponential backoff from the first delay to the
/// cap, with full jitter so a fleet of clients does not return to a restarted instance at once.
/// </summary>
/// <param name="jitter">A fraction in [0, 1) of the backoff to wait; <see cref="Random.Shared"/> unless a test pins it.</param>
public sealed class ForeverRetryPolicy(TimeSpan firstDelay, TimeSpan maxDelay, Func<double>? jitter = null) : IRetryPolicy
{
    private readonly Func<double> _jitter = jitter ?? Random.Shared.NextDouble;

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        if (retryContext.PreviousRetryCount == 0) return TimeSpan.Zero;
        var exponent = Math.Min(retryContext.PreviousRetryCount - 1, 16);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, firstDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(_jitter() * ceiling);
    }
}
