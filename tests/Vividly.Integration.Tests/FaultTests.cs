using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// Failures of real processes under load, on loopback: an instance killed or stopped, Redis
/// killed and restarted. Every test ends by checking that each connection holds exactly the
/// notifications published for its user: none lost, none shown twice.
/// </summary>
[Collection(HeavyLoad.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    private const int Users = 60;
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromSeconds(30);

    private static async Task<List<Device>> ConnectAsync(Uri url, int users, string prefix)
    {
        var devices = new List<Device>();
        foreach (var chunk in Enumerable.Range(0, users).Chunk(10))
            devices.AddRange(await Task.WhenAll(chunk.Select(i => Device.ConnectAsync(url, $"{prefix}-{i}"))));
        return devices;
    }

    /// <summary>Publishes <paramref name="rounds"/> notifications to every user, paced, calling <paramref name="midway"/> once half are out.</summary>
    private static async Task PublishRoundsAsync(HttpPublisher publisher, Uri url, IReadOnlyList<string> users, int rounds, Func<Task> midway)
    {
        for (var round = 1; round <= rounds; round++)
        {
            if (round == rounds / 2 + 1) await midway();
            await Task.WhenAll(users.Distinct().Select(user =>
                publisher.PublishUntilAcceptedAsync(url, HttpPublisher.Request(user, $"r{round}", $"{user}:{round}"), PublishDeadline)));
        }
    }

    private static async Task AssertEachHasExactlyAsync(IReadOnlyList<Device> devices, int count, TimeSpan within)
    {
        await Eventually.AssertAsync(() => devices.All(d => d.Got.Notifications.Count >= count), within,
            $"every device holds {count} notifications (fewest: {devices.Min(d => d.Got.Notifications.Count)})");
        foreach (var device in devices)
        {
            var seqs = device.Got.Notifications.Select(n => n.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), seqs.Order());
            Assert.Equal(count, seqs.Distinct().Count());
        }
    }

    private static double SecondsSince(long timestamp, long later) => Stopwatch.GetElapsedTime(timestamp, later).TotalSeconds;

    /// <summary>
    /// Three instances behind HAProxy, 60 devices streaming beside 12 stock JS and 12 stock .NET
    /// clients; <paramref name="stop"/> takes one instance away halfway through. Every device and
    /// stock client it held must be back on another instance <paramref name="within"/>, and every
    /// one must end whole. Among the stock clients are users holding their full quota of
    /// connections all on the stopped instance: they get back only if its slots are freed at once.
    /// </summary>
    private async Task StopOneInstanceUnderLoadAsync(string label, Func<ServiceProcess, Task> stop, TimeSpan within)
    {
        await using var cluster = await ScaleOut.StartAsync(3, withProxy: true);
        var proxy = cluster.Proxy!.BaseUrl;
        var devices = await ConnectAsync(proxy, Users, label);
        await using var stock = await StockFleet.StartAsync(proxy, label);
        var victim = stock.Victim;
        var onVictim = devices.Where(d => d.Got.Connections[0].InstanceId == $"hub-{victim + 1}").ToList();
        Assert.NotEmpty(onVictim);
        var stockOnVictim = stock.OnVictim();
        output.WriteLine($"{label}: stopping hub-{victim + 1}, holding {onVictim.Count} devices and {stockOnVictim.Count} stock clients; "
            + $"users with all {StockFleet.Quota} connections on it: {string.Join(", ", stock.FullQuotaOnVictim())}");
        Assert.True(stock.FullQuotaOnVictim().Count >= 2, $"at least two users hold their whole quota on the instance to stop:\n{string.Join('\n', stock.Clients)}");
        using var publisher = new HttpPublisher();
        long stoppedAt = 0;

        await PublishRoundsAsync(publisher, proxy, [.. Enumerable.Range(0, Users).Select(i => $"{label}-{i}"), .. stock.Clients.Select(c => c.UserId)], rounds: 10, async () =>
        {
            stoppedAt = Stopwatch.GetTimestamp();
            await stop(cluster.Hubs[victim]);
        });

        await Eventually.AssertAsync(() => onVictim.All(d => d.Got.Connections.Count >= 2), within,
            $"every connection of the stopped instance is back on another within {within.TotalSeconds} s");
        var slowest = onVictim.Max(d => SecondsSince(stoppedAt, d.Got.ConnectedAt[1]));
        output.WriteLine($"{label}: {onVictim.Count} connections moved, slowest back after {slowest:0.00} s; {publisher.Retries} publishes retried");
        Assert.All(onVictim, d => Assert.NotEqual($"hub-{victim + 1}", d.Got.Connections[^1].InstanceId));

        var back = await StockExpectations.BackAfterAsync(stockOnVictim, stoppedAt, TimeSpan.FromSeconds(15));
        foreach (var kind in back.GroupBy(b => b.Client.Kind)) output.WriteLine($"{label}: stock {StockExpectations.Slowest(kind.Key, [.. kind])}");
        // Why a client is not back: what negotiate answers its user now.
        foreach (var user in back.Where(b => b.Seconds is null).Select(b => b.Client.UserId).Distinct())
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student(user));
            output.WriteLine($"{label}: negotiate for {user} answers {(int)(await RawSse.NegotiateAsync(http, proxy)).Status}");
        }
        StockExpectations.AllBackWithin(back, TimeSpan.FromSeconds(5));

        await AssertEachHasExactlyAsync(devices, 10, TimeSpan.FromSeconds(15));
        await StockExpectations.EachShowsExactlyAsync(stock.Clients, 10, TimeSpan.FromSeconds(15));
        foreach (var device in devices) await device.DisposeAsync();
    }

    [Fact]
    public Task Killing_one_of_three_instances_moves_its_connections_within_5s_and_loses_nothing() =>
        StopOneInstanceUnderLoadAsync("kill", hub => hub.KillAsync(), TimeSpan.FromSeconds(5));

    [Fact]
    public Task Stopping_an_instance_with_SIGTERM_moves_its_clients_within_seconds_and_loses_nothing() =>
        StopOneInstanceUnderLoadAsync("term", async hub =>
        {
            Assert.True(await hub.TerminateAsync(TimeSpan.FromSeconds(10)), "the instance exits within Cloud Run's 10 seconds");
        }, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Publishing_through_a_Redis_outage_stores_everything_and_delivers_it_once_Redis_is_back()
    {
        await using var cluster = await ScaleOut.StartAsync(2);
        // Devices on both instances, publishes through the first: the second depends on the backplane.
        var near = await ConnectAsync(cluster.Hubs[0].BaseUrl, Users / 2, "redis-near");
        var far = new List<Device>();
        for (var i = 0; i < Users / 2; i++) far.Add(await Device.ConnectAsync(cluster.Hubs[1].BaseUrl, $"redis-near-{i}"));
        using var publisher = new HttpPublisher();
        using var health = new HttpClient();
        const int rounds = 6;

        for (var round = 1; round <= rounds; round++)
        {
            if (round == 3)
            {
                await cluster.Redis.KillAsync();
                await Eventually.AssertAsync(async () =>
                        !(await health.GetFromJsonAsync<JsonObject>(new Uri(cluster.Hubs[0].BaseUrl, Routes.Health)))!["redis_connected"]!.GetValue<bool>(),
                    TimeSpan.FromSeconds(10), "health reports redis_connected: false");
            }
            // Every publish is answered, Redis or not: it is stored first.
            await Task.WhenAll(Enumerable.Range(0, Users / 2).Select(i =>
                publisher.PublishAsync(cluster.Hubs[0].BaseUrl, HttpPublisher.Request($"redis-near-{i}", $"r{round}", $"redis-{i}:{round}"))));
        }

        // Same-instance delivery never needed Redis.
        await AssertEachHasExactlyAsync(near, rounds, TimeSpan.FromSeconds(10));
        Assert.True(far.Any(d => d.Got.Notifications.Count < rounds), "the other instance's devices missed live sends while Redis was away");

        var restartedAt = Stopwatch.GetTimestamp();
        await cluster.Redis.StartAsync();
        // Nothing more is published: the backplane's return alone must bring the missed ones.
        await AssertEachHasExactlyAsync(far, rounds, TimeSpan.FromSeconds(20));
        output.WriteLine($"Redis restart: every device whole {Stopwatch.GetElapsedTime(restartedAt).TotalSeconds:0.00} s after redis-server started again");

        foreach (var device in near.Concat(far)) await device.DisposeAsync();
    }
}
