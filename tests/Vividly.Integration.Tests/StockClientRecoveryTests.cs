using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// The official JS and .NET clients with <c>withAutomaticReconnect()</c> and nothing else, against
/// a hub process that closes their connections for reasons they can recover from: an expired
/// token, silence. Each must come back by itself and end with everything published.
/// </summary>
public sealed class StockClientRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-stock-").FullName;

    [Theory]
    [InlineData(StockClientKind.Js)]
    [InlineData(StockClientKind.Dotnet)]
    public async Task A_stock_client_whose_token_expires_gets_a_fresh_one_reconnects_and_loses_nothing(StockClientKind kind)
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("JWT_CLOCK_SKEW_SECONDS", "0")));
        var user = $"expiring-{kind}";
        await using var clients = await StockClients.StartAsync(kind, hub.BaseUrl, [user],
            StockClientSettings.Default with { TokenLifetime = TimeSpan.FromSeconds(6) });
        var client = clients.Clients[0];
        using var publisher = new HttpPublisher();

        // The hub sweeps expired connections every 5 s: closed at most 11 s after the token was minted.
        var (closedAt, rounds) = await PublishAcrossTheFirstCloseAsync(publisher, hub, client, "the hub closes the connection once its token expired");

        // The .NET client may ask before it reports reconnecting: count the asks, not their order.
        Assert.True(client.TokenRequests.Count > 1, $"the client asks its token factory again after the close: {client}");
        Assert.True(client.ConnectedAfter(closedAt) is not null, $"the client reconnects with the fresh token: {client}");
        await ShowsAllAfterOneMoreAsync(publisher, hub, client, rounds);
        output.WriteLine($"{client}");
    }

    [Theory]
    [InlineData(StockClientKind.Js)]
    [InlineData(StockClientKind.Dotnet)]
    public async Task A_stock_client_silent_past_the_connection_timeout_is_closed_and_reconnects_by_itself(StockClientKind kind)
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("SSE_HEARTBEAT_INTERVAL", "1"), ("SSE_CONNECTION_TIMEOUT", "3")));
        var user = $"silent-{kind}";
        // Pings every 10 s: silent for longer than the hub allows. It waits 30 s on the server, which beats every second.
        await using var clients = await StockClients.StartAsync(kind, hub.BaseUrl, [user],
            StockClientSettings.Default with { KeepAliveInterval = TimeSpan.FromSeconds(10), ServerTimeout = TimeSpan.FromSeconds(30) });
        var client = clients.Clients[0];
        using var publisher = new HttpPublisher();

        // The hub checks for silence every 5 s: closed within 3 + 5 s of the client's last word.
        var (closedAt, rounds) = await PublishAcrossTheFirstCloseAsync(publisher, hub, client, "the hub closes the silent connection");

        Assert.True(client.ConnectedAfter(closedAt) is not null, $"the client reconnects by itself after the hub closed it: {client}");
        await ShowsAllAfterOneMoreAsync(publisher, hub, client, rounds);
        output.WriteLine($"{client}");
    }

    /// <summary>
    /// Publishes to the client's user until the hub first closes its connection and the client is
    /// back or gone for good; answers when it was closed and how many were published.
    /// </summary>
    private static async Task<(long ClosedAt, int Rounds)> PublishAcrossTheFirstCloseAsync(HttpPublisher publisher, ServiceProcess hub, StockClientRecording client, string closed)
    {
        await using var paced = new PacedPublisher(publisher, hub.BaseUrl, [client.UserId], Pace);
        await Eventually.AssertAsync(() => client.Losses.Count > 0, TimeSpan.FromSeconds(15), $"{closed}: {client}");
        var closedAt = client.Losses[0].At;
        await StockExpectations.BackAfterAsync([client], closedAt, TimeSpan.FromSeconds(10));
        return (closedAt, await paced.StopAsync());
    }

    /// <summary>Publishes one more once the client is back, then expects every one published, each once.</summary>
    private static async Task ShowsAllAfterOneMoreAsync(HttpPublisher publisher, ServiceProcess hub, StockClientRecording client, int rounds)
    {
        await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request(client.UserId, "after the close", $"{client.UserId}:after"));
        await StockExpectations.EachShowsExactlyAsync([client], rounds + 1, TimeSpan.FromSeconds(10));
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
