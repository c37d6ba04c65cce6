using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Vividly.Hub.Connections;
using Vividly.Hub.Live;
using Vividly.Hub.Redis;
using Vividly.Hub.Shared;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Connections;

/// <summary>The limiter against a real redis-server: what it leaves in Redis when renewals and releases cross.</summary>
public sealed class RedisConnectionLimiterTests : IAsyncLifetime
{
    private RedisServer _server = null!;
    private RedisConnection _redis = null!;
    private ConnectionMultiplexer _inspect = null!;
    private RedisConnectionLimiter _limiter = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RedisServer.StartNewAsync();
        _redis = new RedisConnection(Options.Create(new RedisOptions { Url = _server.Url }), NullLogger<RedisConnection>.Instance);
        await _redis.StartAsync(TestContext.Current.CancellationToken);
        _inspect = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_server.Port}");
        var options = Options.Create(new ConnectionsOptions());
        _limiter = new RedisConnectionLimiter(_redis, new LocalConnectionLimiter(options, TimeProvider.System),
            new InstanceIdentity(Options.Create(new InstanceOptions())), options, TimeProvider.System, NullLogger<RedisConnectionLimiter>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _inspect.DisposeAsync();
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static RedisKey Key(string userId) => $"{RedisOptions.KeyPrefix}:connections:{userId}";

    private static LocalConnection Connection(string id, string userId) =>
        new(id, null, userId, null, null!, new ConnectionOutbox(1), DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_renewal_that_crosses_a_release_neither_writes_the_slot_back_nor_lengthens_the_users_set()
    {
        var connection = Connection("c1", "ann");
        Assert.True(await _limiter.TryReserveAsync("ann"));
        await _limiter.ConfirmAsync("ann", "c1");
        // A negotiate that never connects: its reservation stays until it lapses.
        Assert.True(await _limiter.TryReserveAsync("ann"));

        // The renewal took its list while the connection was open; the release lands first.
        await _limiter.ReleaseAsync("ann", "c1");
        await _limiter.RenewAsync([connection]);

        var db = _inspect.GetDatabase();
        var members = await db.SortedSetRangeByRankAsync(Key("ann"));
        Assert.DoesNotContain(members, m => m.ToString().Contains("|c|c1", StringComparison.Ordinal));
        var ttl = await db.KeyTimeToLiveAsync(Key("ann"));
        Assert.NotNull(ttl);
        Assert.True(ttl <= IConnectionLimiter.ReservationLifetime, $"the set lives {ttl}, longer than its last reservation");
    }

    [Fact]
    public async Task A_renewal_extends_an_open_connections_slot_and_its_users_set()
    {
        var connection = Connection("c2", "bob");
        Assert.True(await _limiter.TryReserveAsync("bob"));
        await _limiter.ConfirmAsync("bob", "c2");
        var db = _inspect.GetDatabase();
        var before = await db.SortedSetScoreAsync(Key("bob"), Member(await db.SortedSetRangeByRankAsync(Key("bob"))));

        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await _limiter.RenewAsync([connection]);
            return await db.SortedSetScoreAsync(Key("bob"), Member(await db.SortedSetRangeByRankAsync(Key("bob")))) > before;
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20)));
        Assert.True(await db.KeyTimeToLiveAsync(Key("bob")) > RedisConnectionLimiter.SlotLifetime);
    }

    private static RedisValue Member(RedisValue[] members) => Assert.Single(members, m => m.ToString().Contains("|c|", StringComparison.Ordinal));
}
