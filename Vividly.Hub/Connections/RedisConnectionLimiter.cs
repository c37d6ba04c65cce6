using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Vividly.Hub.Live;
using Vividly.Hub.Redis;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Connections;

/// <summary>
/// Counts connections in Redis: one sorted set per user whose members are
/// <c>{process}|r|{id}</c> reservations and <c>{process}|c|{connection}</c> slots, scored by when
/// they lapse. Admission runs as one script, so instances racing for a user's last slot cannot
/// both win. It also drops the members of every process whose liveness key
/// (<see cref="InstanceLiveness"/>) has expired, so a crashed instance's slots are free within
/// <c>INSTANCE_LIVENESS_TTL_MS</c>, not after <see cref="SlotLifetime"/>. While Redis cannot
/// answer within <c>REDIS_TIMEOUT_MS</c>, or is known to be away or stalled, admission falls
/// back to this instance's own count at once rather than refusing everybody or waiting.
/// </summary>
public sealed partial class RedisConnectionLimiter(
    RedisConnection redis,
    LocalConnectionLimiter local,
    InstanceIdentity instance,
    IOptions<ConnectionsOptions> options,
    TimeProvider timeProvider,
    ILogger<RedisConnectionLimiter> logger) : IConnectionLimiter
{
    /// <summary>The Redis restorations the last renewal had seen.</summary>
    private int _renewedAfter;

    /// <summary>How long a slot lives without renewal: the backstop should a liveness key outlive its process.</summary>
    public static readonly TimeSpan SlotLifetime = TimeSpan.FromSeconds(30);

    private static readonly LuaScript Reserve = LuaScript.Prepare(
        """
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        local held = 0
        for _, member in ipairs(redis.call('ZRANGE', @key, 0, -1)) do
          local owner = string.match(member, '^(.*)|[cr]|')
          if owner ~= @owner and redis.call('EXISTS', @livenessPrefix .. owner) == 0 then
            redis.call('ZREM', @key, member)
          else
            held = held + 1
          end
        end
        if held >= tonumber(@max) then return 0 end
        redis.call('ZADD', @key, @lapses, @owner .. '|r|' .. @id)
        -- A set of reservations alone goes when they lapse; a confirmed slot keeps it longer.
        if redis.call('PTTL', @key) < tonumber(@reservationTtl) then redis.call('PEXPIRE', @key, @reservationTtl) end
        return 1
        """);

    private static readonly LuaScript Confirm = LuaScript.Prepare(
        """
        -- The newest of this process's reservations: most likely this connection's own.
        local reservations = @owner .. '|r|'
        for _, member in ipairs(redis.call('ZREVRANGE', @key, 0, -1)) do
          if string.sub(member, 1, #reservations) == reservations then
            redis.call('ZREM', @key, member)
            break
          end
        end
        redis.call('ZADD', @key, @lapses, @owner .. '|c|' .. @connection)
        redis.call('PEXPIRE', @key, @ttl)
        return 1
        """);

    /// <summary>Gives the slot back; the set then lives only as long as its last member, so an idle user leaves no key.</summary>
    private static readonly LuaScript Release = LuaScript.Prepare(
        """
        redis.call('ZREM', @key, @member)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        local last = redis.call('ZRANGE', @key, -1, -1, 'WITHSCORES')[2]
        if last then redis.call('PEXPIRE', @key, math.max(1, math.ceil(tonumber(last) - tonumber(@now)))) end
        return 1
        """);

    /// <summary>
    /// Writes one slot's new lapse, and lengthens its user's set to match, only while the slot is
    /// there (unless <c>always</c>): extending the set of a user whose last slot was just given
    /// back would keep a key of lapsed reservations alive for <see cref="KeyLifetime"/>.
    /// </summary>
    private static readonly LuaScript Renew = LuaScript.Prepare(
        """
        if tonumber(@always) == 0 and not redis.call('ZSCORE', @key, @member) then return 0 end
        redis.call('ZADD', @key, @lapses, @member)
        if redis.call('PTTL', @key) < tonumber(@ttl) then redis.call('PEXPIRE', @key, @ttl) end
        return 1
        """);

    public async Task<bool> TryReserveAsync(string userId)
    {
        try
        {
            return (int)await redis.RunAsync(connection => connection.GetDatabase().ScriptEvaluateAsync(Reserve, new
            {
                key = Key(userId),
                now = Now(),
                owner = instance.ProcessKey,
                livenessPrefix = InstanceLiveness.KeyPrefix,
                max = options.Value.MaxPerUser,
                lapses = Now() + IConnectionLimiter.ReservationLifetime.TotalMilliseconds,
                id = Guid.NewGuid().ToString("N"),
                reservationTtl = (long)IConnectionLimiter.ReservationLifetime.TotalMilliseconds,
            })) == 1;
        }
        catch (RedisUnavailableException ex)
        {
            Log.Unavailable(logger, ex.Message);
            return await local.TryReserveAsync(userId);
        }
    }

    public async Task ConfirmAsync(string userId, string connectionId)
    {
        // Counted here too, so the fallback knows this instance's connections should Redis go.
        await local.ConfirmAsync(userId, connectionId);
        try
        {
            await redis.RunAsync(connection => connection.GetDatabase().ScriptEvaluateAsync(Confirm, new
            {
                key = Key(userId),
                owner = instance.ProcessKey,
                connection = connectionId,
                lapses = SlotLapses(),
                ttl = KeyLifetime,
            }));
        }
        catch (RedisUnavailableException ex)
        {
            // The next renewal writes the slot.
            Log.Unavailable(logger, ex.Message);
        }
    }

    public async Task ReleaseAsync(string userId, string connectionId)
    {
        await local.ReleaseAsync(userId, connectionId);
        try
        {
            await redis.RunAsync(connection => connection.GetDatabase().ScriptEvaluateAsync(Release, new { key = Key(userId), member = Member(connectionId), now = Now() }));
        }
        catch (RedisUnavailableException ex)
        {
            // The slot lapses by itself.
            Log.Unavailable(logger, ex.Message);
        }
    }

    /// <summary>
    /// Extends the slots Redis holds, and only those: a connection that ended while its renewal
    /// was on the way must not get its slot back, nor its user's set a longer life. After Redis
    /// came back, when what it held may be gone, every slot is written whole once, and any whose
    /// connection ended meanwhile is given back again.
    /// </summary>
    public async Task RenewAsync(IReadOnlyList<LocalConnection> connections)
    {
        await local.RenewAsync(connections);
        if (connections.Count == 0 || !redis.IsConnected) return;
        var lapses = SlotLapses();
        var restorations = redis.Restorations;
        var restoring = restorations != _renewedAfter;
        try
        {
            await redis.RunAsync(connection =>
            {
                var batch = connection.GetDatabase().CreateBatch();
                var writes = connections.Select(c => Renew.EvaluateAsync(batch, new
                {
                    key = Key(c.UserId),
                    member = Member(c.ConnectionId),
                    lapses,
                    always = restoring ? 1 : 0,
                    ttl = KeyLifetime,
                })).ToList();
                batch.Execute();
                return Task.WhenAll(writes);
            });
            _renewedAfter = restorations;
            // A release that ran before its slot was written back found nothing to remove.
            if (restoring)
            {
                foreach (var ended in connections.Where(c => !local.Holds(c.UserId, c.ConnectionId)))
                    await ReleaseAsync(ended.UserId, ended.ConnectionId);
            }
        }
        catch (RedisUnavailableException ex)
        {
            Log.Unavailable(logger, ex.Message);
        }
    }

    /// <summary>The user's set outlives its longest-lived member.</summary>
    private static long KeyLifetime => (long)SlotLifetime.TotalMilliseconds * 2;

    private static RedisKey Key(string userId) => $"{RedisOptions.KeyPrefix}:connections:{userId}";

    private string Member(string connectionId) => $"{instance.ProcessKey}|c|{connectionId}";

    private double Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private double SlotLapses() => (timeProvider.GetUtcNow() + SlotLifetime).ToUnixTimeMilliseconds();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connection limits fall back to this instance's own count: {Reason}")]
        public static partial void Unavailable(ILogger logger, string reason);
    }
}
