using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class LimitsTests
{
    private const string Negotiate = $"{Routes.Negotiate}?negotiateVersion=1";

    [Fact]
    public async Task A_connection_beyond_the_users_limit_is_refused_with_429_at_negotiate()
    {
        using var hub = new HubFactory().With("MAX_CONNECTIONS_PER_USER", "2");
        var token = TestTokens.Student("limited");
        await using var first = hub.CreateHubClient(token);
        await using var second = hub.CreateHubClient(token);
        var firstGot = new Recording(first);
        var secondGot = new Recording(second);
        await first.StartAsync(TestContext.Current.CancellationToken);
        await second.StartAsync(TestContext.Current.CancellationToken);
        // ConnectionEstablished follows the slot being taken.
        await firstGot.ConnectedAsync();
        await secondGot.ConnectedAsync();

        using var http = hub.CreateHttp(token);
        using var refused = await http.PostAsync(Negotiate, null);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var otherUser = hub.CreateHttp(TestTokens.Student("someone-else"));
        using (var allowed = await otherUser.PostAsync(Negotiate, null)) Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        await second.StopAsync(TestContext.Current.CancellationToken);
        await Eventually.AssertAsync(async () =>
        {
            using var again = await http.PostAsync(Negotiate, null);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "a slot frees when a connection ends");
    }

    [Fact]
    public async Task Switched_off_the_hub_and_publishing_answer_503_while_the_inbox_stays_readable()
    {
        using var hub = new HubFactory().With("ENABLE_NOTIFICATIONS", "false");
        using var student = hub.CreateHttp(TestTokens.Student("switched-off"));
        using var publisher = hub.CreateHttp(TestTokens.Publisher());

        using var negotiate = await student.PostAsync(Negotiate, null);
        using var publish = await publisher.PostAsJsonAsync(Routes.Publish, Publishing.Request("switched-off"), ContractJson.Options);
        using var inbox = await student.GetAsync(Routes.Notifications);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
        Assert.Equal("application/problem+json", negotiate.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, publish.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Empty((await inbox.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_connection_whose_token_expires_is_closed_and_the_client_returns_with_a_fresh_one_missing_nothing()
    {
        using var hub = new HubFactory();
        var tokensIssued = 0;
        await using var client = new Client.NotificationHubClient(new Client.NotificationHubClientOptions
        {
            HubUrl = hub.Server.BaseAddress,
            AccessTokenProvider = _ =>
            {
                Interlocked.Increment(ref tokensIssued);
                return ValueTask.FromResult(TestTokens.Factory.Create("short-lived", TimeSpan.FromSeconds(2)));
            },
            ResumeAfterSeq = 0,
            HttpMessageHandlerFactory = _ => hub.Server.CreateHandler(),
            ReconnectFirstDelay = TimeSpan.FromMilliseconds(50),
        });
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.ConnectedAsync();
        await hub.PublishAsync(Publishing.Request("short-lived", "before"));

        await Eventually.AssertAsync(() => received.Connections.Count >= 2, TimeSpan.FromSeconds(20), "the client reconnects after its token expired");
        await hub.PublishAsync(Publishing.Request("short-lived", "after"));
        await received.CountAsync(2);

        Assert.NotEqual(received.Connections[0].ConnectionId, received.Connections[1].ConnectionId);
        Assert.True(tokensIssued >= 2);
        Assert.Equal(["before", "after"], received.Notifications.Select(n => n.Title));
    }
}
