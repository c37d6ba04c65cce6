using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Unit;

public sealed class StoreAvailabilityMonitorTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly HangingStore _store = new();
    private readonly StoreAvailability _availability = new(NullLogger<StoreAvailability>.Instance);
    private int _restored;

    public StoreAvailabilityMonitorTests() => _availability.Restored += () => Interlocked.Increment(ref _restored);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hanging_ping_marks_the_store_unavailable_at_its_bound_and_is_never_joined_by_another()
    {
        using var monitor = new StoreAvailabilityMonitor(_store, _availability, _time);
        var check = monitor.CheckOnceAsync(Cancel);
        _time.Advance(StoreAvailabilityMonitor.PingBound);
        await check.WaitAsync(Hang, Cancel);
        Assert.False(_availability.IsAvailable);

        for (var i = 0; i < 5; i++) await monitor.CheckOnceAsync(Cancel).WaitAsync(Hang, Cancel);
        Assert.Equal(1, _store.Pings);
        Assert.Equal(0, _restored);
    }

    [Fact]
    public async Task The_change_back_to_available_is_announced_once()
    {
        using var monitor = new StoreAvailabilityMonitor(_store, _availability, _time);
        var check = monitor.CheckOnceAsync(Cancel);
        _time.Advance(StoreAvailabilityMonitor.PingBound);
        await check.WaitAsync(Hang, Cancel);

        _store.Thaw();
        // The frozen ping is let go; only then is the store asked again.
        await Testing.Eventually.AssertAsync(async () =>
        {
            await monitor.CheckOnceAsync(Cancel);
            return _availability.IsAvailable;
        }, Hang, "the store answers again");
        await monitor.CheckOnceAsync(Cancel).WaitAsync(Hang, Cancel);

        Assert.True(_availability.IsAvailable);
        Assert.Equal(1, _restored);
    }

    [Fact]
    public async Task A_failed_operation_marks_unavailable_until_a_ping_answers()
    {
        _store.Thaw();
        using var monitor = new StoreAvailabilityMonitor(_store, _availability, _time);
        _availability.MarkUnavailable("an operation took over 2000 ms");
        Assert.False(_availability.IsAvailable);

        await monitor.CheckOnceAsync(Cancel).WaitAsync(Hang, Cancel);
        Assert.True(_availability.IsAvailable);
        Assert.Equal(1, _restored);
    }
}
