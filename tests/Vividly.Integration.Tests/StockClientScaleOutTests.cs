using System.Diagnostics;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// The official JS and .NET clients behind HAProxy while an instance drains, and at the edge of
/// the per-user connection limit: they must be moved or refused in ways their stock reconnect
/// logic recovers from.
/// </summary>
public sealed class StockClientScaleOutTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-stock-").FullName;

    [Theory]
    [InlineData(StockClientKind.Js)]
    [InlineData(StockClientKind.Dotnet)]
    public async Task Stock_clients_of_an_instance_stopped_with_SIGTERM_are_back_within_5s_and_lose_nothing(StockClientKind kind)
    {
        await using var cluster = await ScaleOut.StartAsync(2, withProxy: true);
        var users = Enumerable.Range(0, 6).Select(i => $"drain-{kind}-{i}").ToList();
        await using var clients = await StockClients.StartAsync(kind, cluster.Proxy!.BaseUrl, users);
        var onVictim = clients.Clients.Where(c => c.Connections[0].InstanceId == "hub-1").ToList();
        Assert.True(onVictim.Count > 0 && onVictim.Count < users.Count,
            $"the proxy spreads the clients over both instances: {string.Join("; ", clients.Clients)}");
        using var publisher = new HttpPublisher();
        await using var paced = new PacedPublisher(publisher, cluster.Proxy.BaseUrl, users, TimeSpan.FromMilliseconds(100));
        await Eventually.AssertAsync(() => paced.Rounds >= 3, TimeSpan.FromSeconds(10), "publishing is under way");

        var stoppedAt = Stopwatch.GetTimestamp();
        Assert.True(await cluster.Hubs[0].TerminateAsync(TimeSpan.FromSeconds(10)), "the instance exits within Cloud Run's 10 seconds");
        var back = await StockExpectations.BackAfterAsync(onVictim, stoppedAt, TimeSpan.FromSeconds(15));
        var rounds = await paced.StopAsync();
        output.WriteLine(StockExpectations.Slowest(kind.ToString(), back));

        StockExpectations.AllBackWithin(back, TimeSpan.FromSeconds(5));
        Assert.All(onVictim, c => Assert.Equal("hub-2", c.Connections[^1].InstanceId));
        await StockExpectations.EachShowsExactlyAsync(clients.Clients, rounds, TimeSpan.FromSeconds(15));
        Assert.All(clients.Clients.Except(onVictim), c => Assert.True(c.Losses.Count == 0, $"a client of the other instance is left alone: {c}"));
    }

    [Theory]
    [InlineData(StockClientKind.Js)]
    [InlineData(StockClientKind.Dotnet)]
    public async Task A_stock_client_over_the_limit_is_refused_at_negotiate_and_admitted_once_a_slot_frees(StockClientKind kind)
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("MAX_CONNECTIONS_PER_USER", "2")));
        var user = $"limited-{kind}";
        await using var clients = await StockClients.StartAsync(kind, hub.BaseUrl, [user, user, user], start: false);
        // All three at once: admission must still be decided at negotiate, never after the handshake.
        for (var i = 0; i < 3; i++) await clients.StartAsync(i);
        await StockClients.SettledAsync(clients);

        var refused = clients.Clients.Where(c => c.StartFailures.Count > 0).ToList();
        Assert.True(refused.Count == 1, $"exactly one start() fails, at negotiate:\n{string.Join('\n', clients.Clients)}");
        Assert.True(refused[0].StartFailures[0].Status == 429, $"refused with 429: {refused[0]}");
        var admitted = clients.Clients.Except(refused).ToList();
        Assert.All(admitted, c => Assert.True(c.Connections.Count == 1 && c.State == StockClientState.Connected, $"admitted and connected: {c}"));

        using var publisher = new HttpPublisher();
        await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request(user, "to both"));
        await StockExpectations.EachShowsExactlyAsync(admitted, 1, TimeSpan.FromSeconds(10));
        Assert.All(admitted, c => Assert.True(c.Losses.Count == 0, $"an admitted connection is never thrown out: {c}"));

        await clients.StopAsync(admitted[0].Index);
        using var probe = new HubProbe();
        await Eventually.AssertAsync(async () => (await probe.ConnectionsByUserAsync(hub.BaseUrl)).GetValueOrDefault(user) == 1,
            TimeSpan.FromSeconds(10), "the stopped connection's slot frees");
        await clients.StartAsync(refused[0].Index);
        await Eventually.AssertAsync(() => refused[0].Connections.Count == 1, TimeSpan.FromSeconds(10), $"the refused client's next start() succeeds: {refused[0]}");
        Assert.Single(refused[0].StartFailures);
        Assert.True(admitted[1].Losses.Count == 0, $"the other admitted connection stays: {admitted[1]}");
        output.WriteLine(string.Join('\n', clients.Clients));
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
