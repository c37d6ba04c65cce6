using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Connections;

namespace Vividly.Hub.Tests.Unit;

public sealed class LocalConnectionLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly LocalConnectionLimiter _limiter;

    public LocalConnectionLimiterTests() =>
        _limiter = new LocalConnectionLimiter(Options.Create(new ConnectionsOptions { MaxPerUser = 2 }), _time);

    [Fact]
    public async Task Reservations_count_against_the_limit_until_their_connections_take_them_over()
    {
        Assert.True(await _limiter.TryReserveAsync("u"));
        Assert.True(await _limiter.TryReserveAsync("u"));
        Assert.False(await _limiter.TryReserveAsync("u"));
        Assert.True(await _limiter.TryReserveAsync("someone-else"));

        await _limiter.ConfirmAsync("u", "c1");
        await _limiter.ConfirmAsync("u", "c2");
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await _limiter.TryReserveAsync("u"));

        await _limiter.ReleaseAsync("u", "c1");
        Assert.True(await _limiter.TryReserveAsync("u"));
    }

    [Fact]
    public async Task A_reservation_no_connection_takes_over_lapses()
    {
        Assert.True(await _limiter.TryReserveAsync("u"));
        Assert.True(await _limiter.TryReserveAsync("u"));

        _time.Advance(IConnectionLimiter.ReservationLifetime - TimeSpan.FromMilliseconds(1));
        Assert.False(await _limiter.TryReserveAsync("u"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await _limiter.TryReserveAsync("u"));
    }

    [Fact]
    public async Task A_connection_that_started_is_counted_even_without_a_reservation_and_released_once()
    {
        await _limiter.ConfirmAsync("u", "c1");
        await _limiter.ConfirmAsync("u", "c2");
        Assert.False(await _limiter.TryReserveAsync("u"));

        await _limiter.ReleaseAsync("u", "c1");
        await _limiter.ReleaseAsync("u", "c1");
        await _limiter.ReleaseAsync("u", "never-confirmed");
        Assert.True(await _limiter.TryReserveAsync("u"));
        Assert.False(await _limiter.TryReserveAsync("u"));
    }

    [Fact]
    public async Task An_abandoned_reservation_lapses_even_while_the_user_keeps_connecting()
    {
        Assert.True(await _limiter.TryReserveAsync("u"));
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await _limiter.TryReserveAsync("u"));
            await _limiter.ConfirmAsync("u", $"c{i}");
            await _limiter.ReleaseAsync("u", $"c{i}");
        }

        // Only the first, abandoned, reservation could still hold a slot, and it has lapsed.
        Assert.True(await _limiter.TryReserveAsync("u"));
        Assert.True(await _limiter.TryReserveAsync("u"));
        Assert.False(await _limiter.TryReserveAsync("u"));
    }
}
