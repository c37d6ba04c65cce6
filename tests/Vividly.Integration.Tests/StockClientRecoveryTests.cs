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
        await using var paced = new PacedPublisher(publisher, hub.BaseUrl, [user], Pace);

        // The hub sweeps expired connections every 5 s: closed at most 11 s after the token was minted.
        await Eventually.AssertAsync(() => client.Losses.Count > 0, TimeSpan.FromSeconds(15), $"the hub closes the connection once its token expired: {client}");
        var closedAt = client.Losses[0].At;
        await StockExpectations.BackAfterAsync([client], closedAt, TimeSpan.FromSeconds(10));
        var rounds = await paced.StopAsync();

        Assert.True(client.TokenRequests.Any(at => at > closedAt), $"the client asks its token factory again after the close: {client}");
        Assert.True(client.ConnectedAfter(closedAt) is not null, $"the client reconnects with the fresh token: {client}");
        // One more, published only once the client is back on its new connection.
        await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request(user, "after the expiry", $"{user}:after"));
        await StockExpectations.EachShowsExactlyAsync(clients.Clients, rounds + 1, TimeSpan.FromSeconds(10));
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
        await using var paced = new PacedPublisher(publisher, hub.BaseUrl, [user], Pace);

        // The hub checks for silence every 5 s: closed within 3 + 5 s of the client's last word.
        await Eventually.AssertAsync(() => client.Losses.Count > 0, TimeSpan.FromSeconds(15), $"the hub closes the silent connection: {client}");
        var closedAt = client.Losses[0].At;
        await StockExpectations.BackAfterAsync([client], closedAt, TimeSpan.FromSeconds(10));
        var rounds = await paced.StopAsync();

        Assert.True(client.ConnectedAfter(closedAt) is not null, $"the client reconnects by itself after the hub closed it: {client}");
        await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request(user, "after the silence", $"{user}:after"));
        await StockExpectations.EachShowsExactlyAsync(clients.Clients, rounds + 1, TimeSpan.FromSeconds(10));
        output.WriteLine($"{client}");
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
