using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using StackExchange.Redis;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// Thousands of connections opened and dropped at every step of the way, many at once: afterwards
/// no instance may count a connection, hold a limiter slot or refuse a user its quota.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class ConnectionLeakTests(ITestOutputHelper output) : IDisposable
{
    private const int Cycles = 5000;
    /// <summary>Connections in flight at once.</summary>
    private const int Workers = 40;
    /// <summary>Where a cycle drops its connection; see <see cref="CycleAsync"/>.</summary>
    private const int Steps = 6;
    /// <summary>
    /// Cycles take users in turn, each user once per pass and each pass stopping at another step,
    /// so every user drops a connection at (nearly) every step once.
    /// </summary>
    private const int Users = (Cycles + Steps - 1) / Steps;
    /// <summary><c>MAX_CONNECTIONS_PER_USER</c>'s default.</summary>
    private const int Quota = 3;
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-leak-").FullName;

    /// <summary>All cycles come from one address, faster than the per-address negotiate limit allows.</summary>
    private static readonly (string Key, string Value)[] UnlimitedNegotiates =
        [("RATE_LIMIT_NEGOTIATE_PER_ADDRESS_PER_SECOND", "100000"), ("RATE_LIMIT_NEGOTIATE_PER_ADDRESS_BURST", "100000")];

    [Fact]
    public async Task Five_thousand_quick_connects_and_stops_on_one_hub_leave_no_connection_behind()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, UnlimitedNegotiates));
        await CycleAndCheckAsync([hub], redis: null, "lone");
    }

    [Fact]
    public async Task Five_thousand_quick_connects_and_stops_on_two_hubs_leave_no_connection_or_Redis_slot_behind()
    {
        await using var cluster = await ScaleOut.StartAsync(2, UnlimitedNegotiates.ToDictionary(s => s.Key, s => (string?)s.Value));
        await CycleAndCheckAsync(cluster.Hubs, cluster.Redis, "pair");
    }

    private async Task CycleAndCheckAsync(IReadOnlyList<ServiceProcess> hubs, RedisServer? redis, string label)
    {
        var rssBefore = hubs.Select(RssKilobytes).ToList();
        // A dropped stream closes its socket at once, as a closed tab does, rather than being
        // drained for reuse while the hub still counts it.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000, MaxResponseDrainSize = 0 };
        var users = Enumerable.Range(0, Users).Select(i => $"{label}-ghost-{i}").ToList();
        var outcomes = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();

        var clients = users.Select(user => Http(handler, user)).ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var cycle = Interlocked.Increment(ref next); cycle < Cycles; cycle = Interlocked.Increment(ref next))
                outcomes.AddOrUpdate(await CycleAsync(clients[cycle % Users], hubs[cycle / Users % hubs.Count].BaseUrl, cycle / Users % Steps), 1, (_, n) => n + 1);
        })));
        foreach (var client in clients) client.Dispose();
        var cycled = clock.Elapsed;

        using var probe = new HubProbe();
        await using var redisClient = redis is null ? null : await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        var lingering = await LeakedAsync(hubs, probe, redisClient);
        var settling = Stopwatch.StartNew();
        var settled = await Eventually.HoldsAsync(async () => await LeakedAsync(hubs, probe, redisClient) == 0, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
        var leaked = await LeakedAsync(hubs, probe, redisClient);
        var rssAfter = hubs.Select(RssKilobytes).ToList();
        output.WriteLine($"{label}: {Cycles} cycles in {cycled.TotalSeconds:0.0} s ({string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}); "
            + $"counted right after: {lingering}, leaked {leaked} after {settling.Elapsed.TotalSeconds:0.0} s; hub RSS {string.Join(", ", rssBefore.Zip(rssAfter, (before, after) => $"{before / 1024} MB -> {after / 1024} MB"))}");

        Assert.True(settled, $"no hub counts a connection and no slot is left {TimeSpan.FromSeconds(30).TotalSeconds} s after the last cycle; still {leaked}: "
            + await DescribeAsync(hubs, probe, redisClient));
        await AssertFullQuotaAsync(hubs, handler, users);
    }

    /// <summary>
    /// One quick connection, dropped after <paramref name="steps"/>: 0 negotiate only, 1 the stream
    /// opened, 2 the handshake sent, 3 the handshake answered (where a client's start() returns,
    /// while the hub is still in OnConnectedAsync), 4 the same but stopped, as stop() right after
    /// start() does, 5 established.
    /// </summary>
    private static async Task<string> CycleAsync(HttpClient http, Uri hub, int steps)
    {
        try
        {
            var (status, token) = await RawSse.NegotiateAsync(http, hub);
            if (token is null) return $"refused {(int)status}";
            if (steps == 0) return "completed";
            using var stream = await RawSse.OpenStreamAsync(http, hub, token);
            if (steps == 1) return "completed";
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
            await RawSse.HandshakeAsync(http, hub, token);
            if (steps == 2) return "completed";
            var answered = steps == 5 ? RawSse.IsConnectionEstablished : (Func<string, bool>)(_ => true);
            if (await RawSse.ReadUntilAsync(reader, answered, TimeSpan.FromSeconds(10)) is null) return "closed early";
            if (steps == 4) await RawSse.StopAsync(http, hub, token);
            return "completed";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return $"failed {ex.GetType().Name}";
        }
    }

    /// <summary>Connections the hubs still count, plus limiter slot keys left in Redis.</summary>
    private static async Task<int> LeakedAsync(IReadOnlyList<ServiceProcess> hubs, HubProbe probe, ConnectionMultiplexer? redis)
    {
        var counted = 0;
        foreach (var hub in hubs) counted += await probe.ActiveConnectionsAsync(hub.BaseUrl) + (await probe.ConnectionsByUserAsync(hub.BaseUrl)).Count;
        return counted + SlotKeys(redis).Count;
    }

    private static async Task<string> DescribeAsync(IReadOnlyList<ServiceProcess> hubs, HubProbe probe, ConnectionMultiplexer? redis)
    {
        var parts = new List<string>();
        foreach (var hub in hubs)
        {
            var byUser = await probe.ConnectionsByUserAsync(hub.BaseUrl);
            parts.Add($"{hub.BaseUrl}: active_connections {await probe.ActiveConnectionsAsync(hub.BaseUrl)}, {byUser.Count} users in by_user ({Some(byUser.Keys)})");
        }
        var keys = SlotKeys(redis);
        parts.Add($"{keys.Count} Redis slot keys ({Some(keys)})");
        return string.Join("; ", parts);
    }

    private static string Some(IEnumerable<string> names) => string.Join(", ", names.Take(5)) + ", …";

    private static List<string> SlotKeys(ConnectionMultiplexer? redis) =>
        redis is null ? [] : [.. redis.GetServers()[0].Keys(pattern: "vividly-realtime:connections:*").Select(key => key.ToString())];

    /// <summary>
    /// Every user can hold its whole quota again, spread over the hubs, each connection
    /// established. A negotiate that never became a connection holds its slot until its
    /// reservation lapses, so a user refused with 429 tries again until that time is up.
    /// </summary>
    private static async Task AssertFullQuotaAsync(IReadOnlyList<ServiceProcess> hubs, SocketsHttpHandler handler, IReadOnlyList<string> users)
    {
        var failed = new ConcurrentBag<string>();
        var lapsed = Stopwatch.StartNew();
        // The hub's IConnectionLimiter.ReservationLifetime is 5 s.
        var grace = TimeSpan.FromSeconds(7);
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (user, cancellationToken) =>
        {
            while (await TryFullQuotaAsync(hubs, handler, user) is { } failure)
            {
                if (!failure.EndsWith("(429)", StringComparison.Ordinal) || lapsed.Elapsed > grace)
                {
                    failed.Add(failure);
                    return;
                }
                await Task.Delay(250, cancellationToken);
            }
        });
        Assert.True(failed.IsEmpty, $"every user opens its {Quota} connections at once; {failed.Count} could not: {string.Join(", ", failed.Take(20))}");
    }

    /// <summary>Null when the user held its whole quota at once; otherwise what went wrong.</summary>
    private static async Task<string?> TryFullQuotaAsync(IReadOnlyList<ServiceProcess> hubs, SocketsHttpHandler handler, string user)
    {
        using var http = Http(handler, user);
        var opened = new List<StreamReader>();
        try
        {
            for (var slot = 0; slot < Quota; slot++)
            {
                var reader = await RawSse.OpenAsync(http, hubs[slot % hubs.Count].BaseUrl);
                opened.Add(reader);
                if (await RawSse.ReadUntilAsync(reader, RawSse.IsConnectionEstablished, TimeSpan.FromSeconds(15)) is null) return $"{user} (closed)";
            }
            return null;
        }
        catch (HttpRequestException ex)
        {
            return $"{user} ({(ex.StatusCode is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : ex.Message)})";
        }
        finally
        {
            foreach (var reader in opened) reader.Dispose();
        }
    }

    private static HttpClient Http(SocketsHttpHandler handler, string userId)
    {
        var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student(userId));
        return http;
    }

    /// <summary>The hub process's resident memory, from <c>/proc</c>.</summary>
    private static long RssKilobytes(ServiceProcess hub)
    {
        var line = File.ReadLines($"/proc/{hub.Process.Id.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
