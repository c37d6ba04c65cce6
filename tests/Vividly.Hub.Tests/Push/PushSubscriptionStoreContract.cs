using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Inbox;
using Vividly.Hub.Push;

namespace Vividly.Hub.Tests.Push;

/// <summary>What the subscription store does on every engine, over the inbox's own database (migrated by the inbox store).</summary>
public abstract class PushSubscriptionStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, 123, TimeSpan.Zero));

    protected static IOptions<RetentionOptions> Retention { get; } = Options.Create(new RetentionOptions());

    protected static IOptions<StoreGuardOptions> Guard { get; } = Options.Create(new StoreGuardOptions());

    private IInboxStore _inbox = null!;

    private PushSubscriptionStore _store = null!;

    protected abstract Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync();

    protected abstract ValueTask CloseAsync();

    public async ValueTask InitializeAsync()
    {
        var (inbox, database) = await OpenAsync();
        _inbox = inbox;
        await _inbox.InitializeAsync(CancellationToken.None);
        _store = new PushSubscriptionStore(database, Time);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_inbox).DisposeAsync();
        await CloseAsync();
    }

    private static NewPushSubscription Subscription(string endpoint, string auth = "auth-1", string? agent = "Firefox/146") =>
        new(endpoint, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), "p256dh-" + endpoint, auth, agent);

    [Fact]
    public async Task A_subscription_reads_back_whole_for_its_user_only()
    {
        Assert.True(await _store.UpsertAsync("a", Subscription("https://push.example/1"), CancellationToken.None));

        var stored = Assert.Single(await _store.ListAsync("a", CancellationToken.None));
        Assert.Equal(new StoredPushSubscription("https://push.example/1", "a", "p256dh-https://push.example/1", "auth-1", "Firefox/146",
            new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), Time.GetUtcNow(), null, 0), stored);
        Assert.Empty(await _store.ListAsync("b", CancellationToken.None));
    }

    [Fact]
    public async Task Subscribing_an_endpoint_again_replaces_its_keys_and_owner_and_clears_its_failures()
    {
        await _store.UpsertAsync("a", Subscription("https://push.example/1"), CancellationToken.None);
        await _store.RecordFailureAsync("https://push.example/1", CancellationToken.None);

        Assert.False(await _store.UpsertAsync("b", Subscription("https://push.example/1", "auth-2", null), CancellationToken.None));

        Assert.Empty(await _store.ListAsync("a", CancellationToken.None));
        var stored = Assert.Single(await _store.ListAsync("b", CancellationToken.None));
        Assert.Equal(("auth-2", (string?)null, 0), (stored.Auth, stored.UserAgent, stored.FailureCount));
    }

    [Fact]
    public async Task A_user_deletes_only_their_own_subscription()
    {
        await _store.UpsertAsync("a", Subscription("https://push.example/1"), CancellationToken.None);

        Assert.False(await _store.DeleteAsync("b", "https://push.example/1", CancellationToken.None));
        Assert.True(await _store.DeleteAsync("a", "https://push.example/1", CancellationToken.None));
        Assert.Empty(await _store.ListAsync("a", CancellationToken.None));
        Assert.False(await _store.DeleteAsync("a", "https://push.example/1", CancellationToken.None));
    }

    [Fact]
    public async Task A_gone_endpoint_is_removed_whoever_it_belonged_to()
    {
        await _store.UpsertAsync("a", Subscription("https://push.example/1"), CancellationToken.None);
        await _store.UpsertAsync("a", Subscription("https://push.example/2"), CancellationToken.None);

        Assert.True(await _store.RemoveGoneAsync("https://push.example/1", CancellationToken.None));

        Assert.Equal("https://push.example/2", Assert.Single(await _store.ListAsync("a", CancellationToken.None)).Endpoint);
    }

    [Fact]
    public async Task Failures_count_up_and_a_success_clears_them_with_its_time()
    {
        await _store.UpsertAsync("a", Subscription("https://push.example/1"), CancellationToken.None);
        await _store.RecordFailureAsync("https://push.example/1", CancellationToken.None);
        await _store.RecordFailureAsync("https://push.example/1", CancellationToken.None);
        Assert.Equal(2, Assert.Single(await _store.ListAsync("a", CancellationToken.None)).FailureCount);

        Time.Advance(TimeSpan.FromMinutes(1));
        await _store.RecordSuccessAsync("https://push.example/1", CancellationToken.None);

        var stored = Assert.Single(await _store.ListAsync("a", CancellationToken.None));
        Assert.Equal((0, (DateTimeOffset?)Time.GetUtcNow()), (stored.FailureCount, stored.LastSuccessAt));
    }

    [Fact]
    public async Task Expired_subscriptions_and_those_neither_renewed_nor_delivered_to_since_the_cutoff_are_removed()
    {
        var start = Time.GetUtcNow();
        NewPushSubscription Lasting(string endpoint, DateTimeOffset? expires = null) => new(endpoint, expires, "k", "a", null);
        await _store.UpsertAsync("a", Lasting("https://push.example/silent"), CancellationToken.None);
        await _store.UpsertAsync("a", Lasting("https://push.example/delivered"), CancellationToken.None);
        await _store.UpsertAsync("a", Lasting("https://push.example/renewed"), CancellationToken.None);
        await _store.UpsertAsync("a", Lasting("https://push.example/expired", start.AddDays(10)), CancellationToken.None);

        Time.Advance(TimeSpan.FromDays(50));
        await _store.RecordSuccessAsync("https://push.example/delivered", CancellationToken.None);
        await _store.UpsertAsync("a", Lasting("https://push.example/renewed"), CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(11));

        Assert.Equal(2, await _store.RemoveInactiveAsync(start.AddDays(1), CancellationToken.None));

        Assert.Equal(["https://push.example/delivered", "https://push.example/renewed"],
            (await _store.ListAsync("a", CancellationToken.None)).Select(s => s.Endpoint).Order(StringComparer.Ordinal));
    }
}
