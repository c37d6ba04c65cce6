using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class TransportTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private const string Hub = HubMethods.HubPath;

    private static async Task<JsonObject> NegotiateAsync(HttpClient http)
    {
        using var response = await http.PostAsync($"{Hub}/negotiate?negotiateVersion=1", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task Negotiate_offers_only_server_sent_events()
    {
        using var http = hub.CreateHttp(TestTokens.Student("transport-user"));
        var negotiation = await NegotiateAsync(http);
        var transport = Assert.Single(negotiation["availableTransports"]!.AsArray());
        Assert.Equal("ServerSentEvents", transport!["transport"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_websocket_request_is_refused()
    {
        using var http = hub.CreateHttp(TestTokens.Student("transport-user"));
        var token = (await NegotiateAsync(http))["connectionToken"]!.GetValue<string>();
        var websockets = hub.Server.CreateWebSocketClient();
        websockets.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {TestTokens.Student("transport-user")}";
        await Assert.ThrowsAnyAsync<Exception>(() =>
            websockets.ConnectAsync(new Uri(hub.Server.BaseAddress, $"{Hub}?id={token}"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_long_polling_request_is_refused()
    {
        using var http = hub.CreateHttp(TestTokens.Student("transport-user"));
        var token = (await NegotiateAsync(http))["connectionToken"]!.GetValue<string>();
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"{Hub}?id={token}");
        poll.Headers.Accept.ParseAdd("*/*");
        using var response = await http.SendAsync(poll, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
