namespace Vividly.Hub.Inbox;

/// <summary>
/// Pings the store every second, each ping bounded by <see cref="PingBound"/>, and keeps
/// <see cref="StoreAvailability"/>. A ping the driver has not let go of yet is never joined by
/// another: while it hangs the store stays unavailable and no pings pile up behind it.
/// </summary>
public sealed class StoreAvailabilityMonitor(
    [FromKeyedServices(GuardedInboxStore.Unguarded)] IInboxStore store, StoreAvailability availability, TimeProvider timeProvider) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Well inside the one second health must answer in.</summary>
    public static readonly TimeSpan PingBound = TimeSpan.FromMilliseconds(500);

    private Task<bool>? _ping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await CheckOnceAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One look at the store; a no-op while the previous ping is still held by the driver.</summary>
    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        if (_ping is { IsCompleted: false }) return;
        using var timeout = new CancellationTokenSource(PingBound, timeProvider);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        // Not cancelled at the bound: Npgsql would send the frozen server a cancel request inline,
        // holding a pool thread each second. The ping ends with the driver's timeouts, or when the
        // server wakes, and no other starts meanwhile.
        _ping = PingAsync(cancellationToken);
        bool answered;
        try
        {
            // WaitAsync ends the wait at the bound even when the driver ignores the cancellation.
            answered = await _ping.WaitAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answered = false;
        }
        if (answered) availability.MarkAvailable();
        else availability.MarkUnavailable($"no answer to a ping within {PingBound.TotalMilliseconds} ms");
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await store.PingAsync(cancellationToken);
        }
        catch (Exception)
        {
            // Whatever the failure, the store did not answer.
            return false;
        }
    }
}
