using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Tests.Jobs;

/// <summary>What a job lease must do on every engine: two instances, one clock they share.</summary>
public abstract class JobLeasesContract : IAsyncLifetime
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(3);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));

    protected IJobLeases Leases { get; private set; } = null!;

    /// <summary>A migrated database, and leases on it as one hub instance holds them.</summary>
    protected abstract Task<IJobLeases> CreateLeasesAsync();

    protected abstract ValueTask DisposeLeasesAsync();

    public async ValueTask InitializeAsync() => Leases = await CreateLeasesAsync();

    public ValueTask DisposeAsync() => DisposeLeasesAsync();

    private Task<bool> HoldAsync(string holder, string name = "unsnooze") => Leases.TryHoldAsync(name, holder, Duration, CancellationToken.None);

    [Fact]
    public async Task The_first_to_ask_holds_an_absent_lease_and_the_other_is_refused()
    {
        Assert.True(await HoldAsync("hub-1"));
        Assert.False(await HoldAsync("hub-2"));
        Assert.True(await HoldAsync("hub-2", "retention"));
    }

    [Fact]
    public async Task The_holder_renews_it_and_the_renewal_pushes_the_lapse_out()
    {
        Assert.True(await HoldAsync("hub-1"));
        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await HoldAsync("hub-1"));
        Time.Advance(TimeSpan.FromMinutes(2));
        // Four minutes after it was taken, but only two after it was renewed.
        Assert.False(await HoldAsync("hub-2"));
        Assert.True(await HoldAsync("hub-1"));
    }

    [Fact]
    public async Task A_lapsed_lease_is_taken_over_and_its_old_holder_cannot_renew_it()
    {
        Assert.True(await HoldAsync("hub-1"));
        Time.Advance(Duration - TimeSpan.FromMilliseconds(1));
        Assert.False(await HoldAsync("hub-2"));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await HoldAsync("hub-2"));
        Assert.False(await HoldAsync("hub-1"));
        Assert.True(await HoldAsync("hub-2"));
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once_and_only_its_holder_can_release_it()
    {
        Assert.True(await HoldAsync("hub-1"));
        await Leases.ReleaseAsync("unsnooze", "hub-2", CancellationToken.None);
        Assert.False(await HoldAsync("hub-2"));
        await Leases.ReleaseAsync("unsnooze", "hub-1", CancellationToken.None);
        Assert.True(await HoldAsync("hub-2"));
    }

    [Fact]
    public async Task Of_instances_racing_for_a_lease_exactly_one_holds_it()
    {
        var holders = Enumerable.Range(1, 8).Select(i => $"hub-{i}").ToList();
        var answers = await Task.WhenAll(holders.Select(holder => Task.Run(() => HoldAsync(holder, "race"))));
        var winner = Assert.Single(holders.Where((_, i) => answers[i]));
        Assert.True(await HoldAsync(winner, "race"));
    }
}
