using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// The official clients as app teams build them, defaults untouched (a 30 s server timeout),
/// against a hub on its defaults: an idle connection, with nothing published for longer than the
/// clients wait on a silent server, must stay up on keep-alives alone.
/// </summary>
public sealed class IdleStockClientTests : IDisposable
{
    /// <summary>Longer than the stock clients' 30 s server timeout, so one keep-alive too few drops them.</summary>
    private static readonly TimeSpan Silence = StockClientSettings.Default.ServerTimeout + TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-idle-").FullName;

    [Fact]
    public async Task Stock_clients_on_their_defaults_stay_connected_through_a_long_silence()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory));
        await using var js = await StockClients.StartAsync(StockClientKind.Js, hub.BaseUrl, ["idle-js"]);
        await using var dotnet = await StockClients.StartAsync(StockClientKind.Dotnet, hub.BaseUrl, ["idle-net"]);
        IReadOnlyList<StockClientRecording> clients = [.. js.Clients, .. dotnet.Clients];
        Assert.All(clients, client => Assert.Single(client.Connections));

        // Nothing to wait for: the test is that nothing happens while nothing is published.
        await Task.Delay(Silence, TestContext.Current.CancellationToken);

        Assert.All(clients, client => Assert.True(client.Losses.Count == 0 && client.Connections.Count == 1,
            $"the idle client kept its one connection through {Silence.TotalSeconds} s of silence: {client}"));
        using var publisher = new HttpPublisher();
        foreach (var client in clients) await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request(client.UserId, "after the silence"));
        await StockExpectations.EachShowsExactlyAsync(clients, 1, TimeSpan.FromSeconds(10));
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
