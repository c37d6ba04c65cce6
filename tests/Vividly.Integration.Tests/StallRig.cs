using System.Diagnostics;
using System.Globalization;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// A fault done to a real server process: <see cref="Begin"/> starts it, <see cref="Hold"/> lasts
/// as long as it does, <see cref="End"/> ends it (and is called whatever happened, so nothing stays paused).
/// </summary>
public sealed record Fault(string Name, Func<Task> Begin, Func<Task> Hold, Func<Task> End);

/// <summary>
/// Two hubs on one Redis and one PostgreSQL, with clients of every kind on both: stock JS and
/// stock .NET clients (<c>withAutomaticReconnect()</c>) and the project's own
/// <see cref="Device"/>s, each user with one connection on each hub. A <see cref="RatePublisher"/>
/// publishes ~10/s through the second hub to every user before, during and (retries only) after a
/// fault, while <see cref="HealthPoller"/> and <see cref="NegotiateProber"/> time the health
/// endpoints and newcomers. <see cref="RunAsync"/> answers what was seen, to be judged by the test.
/// </summary>
public sealed class StallRig : IAsyncDisposable
{
    private const int UsersPerKind = 4;
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    /// <summary>A publish sent as the fault begins is retried through its 20 s and some seconds more.</summary>
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromSeconds(30);
    /// <summary>How long after the fault ends every client must show everything published.</summary>
    public static readonly TimeSpan WholeWithin = TimeSpan.FromSeconds(10);

    private readonly List<IStockClients> _stock = [];
    private readonly List<Device> _devices = [];

    private StallRig(ScaleOut cluster, string label)
    {
        Cluster = cluster;
        Label = label;
    }

    public ScaleOut Cluster { get; }

    public string Label { get; }

    public IReadOnlyList<StockClientRecording> StockClients => [.. _stock.SelectMany(g => g.Clients)];

    public IReadOnlyList<Device> Devices => _devices;

    public IReadOnlyList<string> Users =>
        [.. StockClients.Select(c => c.UserId).Concat(_devices.Select(d => DeviceUser(d))).Distinct()];

    private readonly Dictionary<Device, string> _deviceUsers = [];

    private string DeviceUser(Device device) => _deviceUsers[device];

    public static async Task<StallRig> StartAsync(string label)
    {
        var cluster = await ScaleOut.StartAsync(2);
        var rig = new StallRig(cluster, label);
        try
        {
            foreach (var hub in cluster.Hubs)
            {
                rig._stock.Add(await Vividly.Testing.StockClients.StartAsync(StockClientKind.Js, hub.BaseUrl, Names(label, "js")));
                rig._stock.Add(await Vividly.Testing.StockClients.StartAsync(StockClientKind.Dotnet, hub.BaseUrl, Names(label, "net")));
                foreach (var user in Names(label, "dev"))
                {
                    var device = await Device.ConnectAsync(hub.BaseUrl, user);
                    rig._devices.Add(device);
                    rig._deviceUsers[device] = user;
                }
            }
            var unconnected = rig.StockClients.Where(c => c.Connections.Count != 1 || c.State != StockClientState.Connected).ToList();
            Assert.True(unconnected.Count == 0, $"every stock client is connected before the fault:\n{string.Join('\n', unconnected)}");
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    private static List<string> Names(string label, string kind) => [.. Enumerable.Range(0, UsersPerKind).Select(i => $"{label}-{kind}-{i}")];

    /// <summary>
    /// Publishes until under way, does <paramref name="fault"/>, stops publishing new
    /// notifications the moment it ends, lets the publisher's retries finish, and waits (up to
    /// <see cref="WholeWithin"/> after the end) for every client to show everything.
    /// </summary>
    /// <param name="healthy">What a service health answer says once the hub has recovered: the poller runs until both say it (10 s at most after the fault).</param>
    public async Task<StallReport> RunAsync(Fault fault, Func<HealthAnswer, bool> healthy)
    {
        var hubs = Cluster.Hubs.Select(h => h.BaseUrl).ToList();
        var rssBefore = Cluster.Hubs.Select(h => h.ResidentBytes).ToList();
        using var http = new HttpPublisher();
        await using var publisher = new RatePublisher(http, hubs[1], Users, PublishInterval, AttemptTimeout, PublishDeadline);
        await using var health = new HealthPoller(hubs, TimeSpan.FromMilliseconds(250));
        await Eventually.AssertAsync(() => publisher.Accepted >= 20, TimeSpan.FromSeconds(15), "publishing is under way before the fault");

        var began = Stopwatch.GetTimestamp();
        long ended;
        NegotiateProber? newcomers = null;
        try
        {
            await fault.Begin();
            newcomers = new NegotiateProber(hubs, Label, TimeSpan.FromSeconds(2));
            await fault.Hold();
        }
        finally
        {
            await fault.End();
            ended = Stopwatch.GetTimestamp();
            if (newcomers is not null) await newcomers.DisposeAsync();
        }

        var published = await publisher.StopAsync();
        var retriesDone = Stopwatch.GetTimestamp();
        // Waited for past the bound only to tell how long it took; the test judges the figure.
        await Eventually.HoldsAsync(() => IsWhole(published), WholeWithin + TimeSpan.FromSeconds(20) - Stopwatch.GetElapsedTime(ended));
        double? wholeAfter = IsWhole(published) ? Stopwatch.GetElapsedTime(ended).TotalSeconds : null;

        var report = new StallReport(fault.Name, began, ended, retriesDone, published, publisher.Attempts, publisher.Failures, health.Answers,
            newcomers?.Answers ?? [], rssBefore, [], wholeAfter, this);
        await Eventually.HoldsAsync(() => Enumerable.Range(0, hubs.Count).All(hub => health.Answers.Any(a =>
            a.Hub == hub && a.Path == HealthPoller.Service && a.At > ended && healthy(a))), TimeSpan.FromSeconds(10) - Stopwatch.GetElapsedTime(ended));
        await health.StopAsync();
        return report with { HealthAnswers = health.Answers, RssAfter = Cluster.Hubs.Select(h => h.Process.HasExited ? -1 : h.ResidentBytes).ToList() };
    }

    private bool IsWhole(IReadOnlyDictionary<string, int> published) =>
        StockClients.All(c => c.Seqs.Count >= published.GetValueOrDefault(c.UserId))
        && _devices.All(d => d.Got.Notifications.Count >= published.GetValueOrDefault(DeviceUser(d)));

    /// <summary>Seqs a client should show but does not, for each client: what was lost.</summary>
    public IReadOnlyList<(string Client, string User, IReadOnlyList<long> Missing, int ShownTwice)> Gaps(IReadOnlyDictionary<string, int> published)
    {
        var gaps = new List<(string, string, IReadOnlyList<long>, int)>();
        foreach (var client in StockClients) gaps.Add(Gap(client.ToString(), client.UserId, client.Seqs));
        foreach (var device in _devices)
            gaps.Add(Gap($"device of {DeviceUser(device)} on {device.Got.Connections[0].InstanceId}", DeviceUser(device), [.. device.Got.Notifications.Select(n => n.Seq)]));
        return gaps;

        (string, string, IReadOnlyList<long>, int) Gap(string name, string user, IReadOnlyList<long> seqs)
        {
            var expected = Enumerable.Range(1, published.GetValueOrDefault(user)).Select(i => (long)i);
            return (name, user, [.. expected.Except(seqs)], seqs.Count - seqs.Distinct().Count());
        }
    }

    /// <summary>Clients whose connection went away at any point (a stock client reconnecting or closed, a device reconnecting).</summary>
    public IReadOnlyList<string> Dropped() =>
        [
            .. StockClients.Where(c => c.Losses.Count > 0).Select(c => c.ToString()),
            .. _devices.Where(d => d.Got.Connections.Count > 1 || d.Got.States.Any(s => s.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected))
                .Select(d => $"device of {DeviceUser(d)}: {d.Got.Connections.Count} connection(s), states {string.Join(", ", d.Got.States.Select(s => s.State))}"),
        ];

    /// <summary>When the first connection went away, in seconds after <paramref name="since"/>; null if none did.</summary>
    public double? FirstDropAfter(long since)
    {
        var drops = StockClients.SelectMany(c => c.Losses.Select(l => l.At))
            .Concat(_devices.SelectMany(d => d.Got.States.Where(s => s.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected).Select(s => s.At)))
            .ToList();
        return drops.Count == 0 ? null : Stopwatch.GetElapsedTime(since, drops.Min()).TotalSeconds;
    }

    /// <summary>
    /// The seqs the inbox holds for <paramref name="userId"/>, asked of the first hub over HTTP as
    /// the user: tells a notification stored but never delivered from one never stored.
    /// </summary>
    public async Task<string> StoredSeqsAsync(string userId)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.Student(userId));
        try
        {
            var body = await http.GetStringAsync(new Uri(Cluster.Hubs[0].BaseUrl, "/api/v1/notifications?after_seq=0&limit=100"));
            var seqs = new List<long>();
            Collect(System.Text.Json.Nodes.JsonNode.Parse(body));
            return $"[{string.Join(',', seqs.Order())}]";

            void Collect(System.Text.Json.Nodes.JsonNode? node)
            {
                if (node is System.Text.Json.Nodes.JsonArray array) foreach (var item in array) Collect(item);
                if (node is not System.Text.Json.Nodes.JsonObject json) return;
                if (json["seq"] is System.Text.Json.Nodes.JsonValue seq && seq.TryGetValue<long>(out var value)) seqs.Add(value);
                foreach (var (_, child) in json) if (child is System.Text.Json.Nodes.JsonArray or System.Text.Json.Nodes.JsonObject) Collect(child);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return $"(inbox not readable: {ex.GetType().Name} {ex.Message})";
        }
    }

    /// <summary>Clients not connected now.</summary>
    public IReadOnlyList<string> NotConnected() =>
        [
            .. StockClients.Where(c => c.State != StockClientState.Connected).Select(c => c.ToString()),
            .. _devices.Where(d => d.Client.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected)
                .Select(d => $"device of {DeviceUser(d)}: {d.Client.State}"),
        ];

    /// <summary>Hubs whose process has ended: when, relative to <paramref name="faultBegan"/>, and why, as far as their output tells.</summary>
    public IReadOnlyList<string> ExitedHubs(long faultBegan) =>
        [.. Cluster.Hubs.Select((hub, i) => (hub, i)).Where(h => h.hub.Process.HasExited).Select(h =>
        {
            var causes = h.hub.Process.FirstErrors.Take(12);
            var when = h.hub.Process.ExitedAt is { } at ? $"{Stopwatch.GetElapsedTime(faultBegan, at).TotalSeconds:0.0} s after the fault began" : "at an unknown time";
            return $"hub-{h.i + 1} exited {when}; its first errors:\n    " + string.Join("\n    ", causes.Select(c => c.Length > 400 ? c[..400] + "…" : c));
        })];

    public int ClientCount => StockClients.Count + _devices.Count;

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices) await device.DisposeAsync();
        foreach (var group in _stock) await group.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    internal static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
