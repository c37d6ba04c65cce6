using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Vividly.Hub.Backplane;
using Vividly.Hub.Notifications;

namespace Vividly.Hub.Connections;

/// <summary>
/// Counts connections in Redis: one sorted set per user whose members are this instance's
/// connection ids scored by when they expire. Live connections are renewed well before then,
/// so a crashed instance's slots lapse within <see cref="SlotLifetime"/>. While Redis is away
/// the limit falls back to this instance's own count rather than refusing everybody.
/// </summary>
public sealed partial class RedisConnectionLimiter(
    RedisBackplane redis,
    LocalConnectionLimiter local,
    InstanceIdentity instance,
    IOptions<RealtimeHubOptions> options,
    TimeProvider timeProvider,
    ILogger<RedisConnectionLimiter> logger) : IConnectionLimiter
{
    public static readonly TimeSpan SlotLifetime = TimeSpan.FromSeconds(30);

    private static readonly LuaScript Acquire = LuaScript.Prepare(
        """
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        if redis.call('ZCARD', @key) >= tonumber(@max) then return 0 end
        redis.call('ZADD', @key, @expires, @member)
        redis.call('PEXPIRE', @key, @ttl)
        return 1
        """);

    public async Task<int> CountAsync(string userId)
    {
        try
        {
            return (int)await Database().SortedSetLengthAsync(Key(userId), Now(), double.PositiveInfinity);
        }
        catch (RedisException ex)
        {
            Log.Unavailable(logger, ex.Message);
            return await local.CountAsync(userId);
        }
    }

    public async Task<bool> TryAcquireAsync(string userId, string connectionId)
    {
        if (!await local.TryAcquireAsync(userId, connectionId)) return false;
        try
        {
            var acquired = (int)await Database().ScriptEvaluateAsync(Acquire, new
            {
                key = Key(userId),
                now = Now(),
                max = options.Value.MaxConnectionsPerUser,
                expires = Expiry(),
                member = Member(connectionId),
                ttl = (long)SlotLifetime.TotalMilliseconds * 2,
            }) == 1;
            if (!acquired) await local.ReleaseAsync(userId, connectionId);
            return acquired;
        }
        catch (RedisException ex)
        {
            Log.Unavailable(logger, ex.Message);
            return true;
        }
    }

    public async Task ReleaseAsync(string userId, string connectionId)
    {
        await local.ReleaseAsync(userId, connectionId);
        try
        {
            await Database().SortedSetRemoveAsync(Key(userId), Member(connectionId));
        }
        catch (RedisException ex)
        {
            // The slot lapses by itself.
            Log.Unavailable(logger, ex.Message);
        }
    }

    public async Task RenewAsync(IReadOnlyList<LocalConnection> connections)
    {
        if (connections.Count == 0 || !redis.IsConnected) return;
        var database = Database();
        var expires = Expiry();
        try
        {
            await Task.WhenAll(connections.Select(c =>
                database.SortedSetAddAsync(Key(c.UserId), Member(c.ConnectionId), expires, SortedSetWhen.Always)));
        }
        catch (RedisException ex)
        {
            Log.Unavailable(logger, ex.Message);
        }
    }

    private IDatabase Database() => redis.Connection?.GetDatabase() ?? throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Not connected yet.");

    private static RedisKey Key(string userId) => $"{BackplaneOptions.ChannelPrefix}:connections:{userId}";

    private string Member(string connectionId) => $"{instance.Id}:{connectionId}";

    private double Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private double Expiry() => (timeProvider.GetUtcNow() + SlotLifetime).ToUnixTimeMilliseconds();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connection limits fall back to this instance's own count: {Reason}")]
        public static partial void Unavailable(ILogger logger, string reason);
    }
}
