using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>
/// Each limit set to a burst of two and one token per 1,000 s, so the third call inside a test
/// is refused whatever the machine's speed: no clock to drive and nothing to wait for.
/// </summary>
public sealed class RateLimitTests
{
    private const string Negotiate = $"{Routes.Negotiate}?negotiateVersion=1";
    private const string Publish = Routes.Publish;
    private const string SlowRate = "0.001";

    private static HubFactory HubLimiting(string limit, string burst = "2") =>
        new HubFactory().With($"RATE_LIMIT_{limit}_PER_SECOND", SlowRate).With($"RATE_LIMIT_{limit}_BURST", burst);

    [Fact]
    public async Task Publishes_over_the_per_publisher_limit_get_429_naming_it_and_store_nothing()
    {
        using var hub = HubLimiting("PUBLISH_PER_PUBLISHER");
        using var limited = hub.CreateHttp(TestTokens.Publisher("svc-limited"));
        using var other = hub.CreateHttp(TestTokens.Publisher("svc-other"));

        AssertAccepted(await limited.PostAsJsonAsync(Publish, Publishing.Request("pp-1"), ContractJson.Options));
        AssertAccepted(await limited.PostAsJsonAsync(Publish, Publishing.Request("pp-2"), ContractJson.Options));
        await AssertRefusedAsync(await limited.PostAsJsonAsync(Publish, Publishing.Request("pp-3"), ContractJson.Options),
            "At most 0.001 publishes per second from one publisher (bursts of 2); retry after ");

        Assert.Empty((await hub.InboxAsync("pp-3"))["items"]!.AsArray());
        AssertAccepted(await other.PostAsJsonAsync(Publish, Publishing.Request("pp-3"), ContractJson.Options));
    }

    [Fact]
    public async Task Publishes_over_the_per_user_limit_get_429_naming_it_after_validation_and_store_nothing()
    {
        using var hub = HubLimiting("PUBLISH_PER_USER");
        using var publisher = hub.CreateHttp(TestTokens.Publisher());

        // Refused as bad input first: an invalid publish spends nothing of the user's budget.
        using (var invalid = await publisher.PostAsJsonAsync(Publish, Publishing.Request("pu-alice", title: ""), ContractJson.Options))
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        AssertAccepted(await publisher.PostAsJsonAsync(Publish, Publishing.Request("pu-alice", "one"), ContractJson.Options));
        AssertAccepted(await publisher.PostAsJsonAsync(Publish, Publishing.Request("pu-alice", "two"), ContractJson.Options));
        await AssertRefusedAsync(await publisher.PostAsJsonAsync(Publish, Publishing.Request("pu-alice", "three"), ContractJson.Options),
            "At most 0.001 publishes per second to one user (bursts of 2); retry after ");

        Assert.Equal(["two", "one"], (await hub.InboxAsync("pu-alice"))["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()));
        AssertAccepted(await publisher.PostAsJsonAsync(Publish, Publishing.Request("pu-bob"), ContractJson.Options));
    }

    [Fact]
    public async Task A_batch_spends_one_publish_per_request_of_the_publishers_budget_and_over_it_is_refused_whole()
    {
        using var hub = HubLimiting("PUBLISH_PER_PUBLISHER", burst: "5");
        using var publisher = hub.CreateHttp(TestTokens.Publisher("svc-batch"));

        // Larger than the burst: it could never pass, so it is bad input rather than a wait (one publish spent).
        using (var tooBig = await publisher.PostAsJsonAsync(Routes.PublishBatch, Batch([.. Enumerable.Range(0, 6).Select(i => Publishing.Request($"pb-big-{i}"))]), ContractJson.Options))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
            Assert.Contains("requests", (await tooBig.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        }
        // Three requests, one of them invalid: three publishes, as three attempts alone would have been.
        AssertAccepted(await publisher.PostAsJsonAsync(Routes.PublishBatch,
            Batch([Publishing.Request("pb-1"), Publishing.Request("pb-1", title: ""), Publishing.Request("pb-2")]), ContractJson.Options));
        await AssertRefusedAsync(await publisher.PostAsJsonAsync(Routes.PublishBatch, Batch([Publishing.Request("pb-3"), Publishing.Request("pb-4")]), ContractJson.Options),
            "At most 0.001 publishes per second from one publisher (bursts of 5); retry after ");

        Assert.Empty((await hub.InboxAsync("pb-3"))["items"]!.AsArray());
        Assert.Single((await hub.InboxAsync("pb-1"))["items"]!.AsArray());
        await AssertRefusedAsync(await publisher.PostAsJsonAsync(Publish, Publishing.Request("pb-5"), ContractJson.Options), "At most 0.001 publishes per second from one publisher");
    }

    [Fact]
    public async Task Batch_requests_over_the_per_user_limit_fail_alone_with_429_after_validation()
    {
        using var hub = HubLimiting("PUBLISH_PER_USER");
        using var publisher = hub.CreateHttp(TestTokens.Publisher());

        using var response = await publisher.PostAsJsonAsync(Routes.PublishBatch, Batch(
        [
            Publishing.Request("pb-alice", title: ""), Publishing.Request("pb-alice", "one"), Publishing.Request("pb-alice", "two"),
            Publishing.Request("pb-alice", "three"), Publishing.Request("pb-bob"),
        ]), ContractJson.Options);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        Assert.Equal(400, results[0]!["error"]!["status"]!.GetValue<int>());
        Assert.Equal([1L, 2L], [results[1]!["seq"]!.GetValue<long>(), results[2]!["seq"]!.GetValue<long>()]);
        var refused = results[3]!["error"]!;
        Assert.Equal(429, refused["status"]!.GetValue<int>());
        Assert.True(refused["retryable"]!.GetValue<bool>());
        var retryAfter = refused["retry_after"]!.GetValue<int>();
        Assert.InRange(retryAfter, 1, 1000);
        Assert.Equal($"At most 0.001 publishes per second to one user (bursts of 2); retry after {retryAfter} s.", refused["detail"]!.GetValue<string>());
        Assert.Equal(1, results[4]!["seq"]!.GetValue<long>());
        Assert.Equal(["two", "one"], (await hub.InboxAsync("pb-alice"))["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_hub_publish_over_the_limit_fails_the_invocation_and_the_connection_stays_usable()
    {
        using var hub = HubLimiting("PUBLISH_PER_USER", burst: "1");
        await using var client = hub.CreateHubClient(TestTokens.Publisher("svc-hub"));
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.ConnectedAsync();
        var connectionId = client.ConnectionId;

        await client.PublishAsync(Publishing.Request("hub-alice", "one"), TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<HubException>(async () =>
            await client.PublishAsync(Publishing.Request("hub-alice", "two"), TestContext.Current.CancellationToken));
        Assert.Contains("Rate limited: At most 0.001 publishes per second to one user (bursts of 1); retry after ", refused.Message, StringComparison.Ordinal);

        var other = await client.PublishAsync(Publishing.Request("hub-bob"), TestContext.Current.CancellationToken);
        Assert.Equal(1, other.Seq);
        Assert.Equal(connectionId, client.ConnectionId);
        Assert.Equal(["one"], (await hub.InboxAsync("hub-alice"))["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>()));

        // REST and the hub spend one budget.
        using var rest = hub.CreateHttp(TestTokens.Publisher("svc-rest"));
        await AssertRefusedAsync(await rest.PostAsJsonAsync(Publish, Publishing.Request("hub-alice"), ContractJson.Options), "At most 0.001 publishes per second to one user");
    }

    [Fact]
    public async Task One_publisher_budget_spans_rest_and_the_hub()
    {
        using var hub = HubLimiting("PUBLISH_PER_PUBLISHER");
        var token = TestTokens.Publisher("svc-both");
        using var rest = hub.CreateHttp(token);
        await using var client = hub.CreateHubClient(token);
        await client.StartAsync(TestContext.Current.CancellationToken);

        AssertAccepted(await rest.PostAsJsonAsync(Publish, Publishing.Request("both-1"), ContractJson.Options));
        await client.PublishAsync(Publishing.Request("both-2"), TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<HubException>(async () =>
            await client.PublishAsync(Publishing.Request("both-3"), TestContext.Current.CancellationToken));
        Assert.Contains("publishes per second from one publisher", refused.Message, StringComparison.Ordinal);
        await AssertRefusedAsync(await rest.PostAsJsonAsync(Publish, Publishing.Request("both-3"), ContractJson.Options), "At most 0.001 publishes per second from one publisher");
        Assert.Empty((await hub.InboxAsync("both-3"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Negotiates_over_the_per_user_limit_get_429_while_the_stream_and_other_users_go_on()
    {
        using var hub = HubLimiting("NEGOTIATE_PER_USER");
        var token = TestTokens.Student("nu-limited");
        await using var client = hub.CreateHubClient(token);
        var received = new Recording(client);
        await client.StartAsync(TestContext.Current.CancellationToken);
        await received.ConnectedAsync();

        using var http = hub.CreateHttp(token);
        using (var second = await http.PostAsync(Negotiate, null, TestContext.Current.CancellationToken)) Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await AssertRefusedAsync(await http.PostAsync(Negotiate, null, TestContext.Current.CancellationToken),
            "At most 0.001 negotiates per second for one user (bursts of 2); retry after ");

        // The open stream and its invocations are not negotiates: they keep working.
        await hub.PublishAsync(Publishing.Request("nu-limited", "still live"));
        await received.CountAsync(1);
        Assert.Equal(0, await client.MarkAllReadAsync(TestContext.Current.CancellationToken));
        using var other = hub.CreateHttp(TestTokens.Student("nu-other"));
        using (var allowed = await other.PostAsync(Negotiate, null, TestContext.Current.CancellationToken)) Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Negotiates_over_the_per_address_limit_get_429_and_other_addresses_are_unaffected()
    {
        using var hub = HubLimiting("NEGOTIATE_PER_ADDRESS");
        Assert.Equal(StatusCodes.Status200OK, (await NegotiateFromAsync(hub, "na-1", "203.0.113.7")).Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, (await NegotiateFromAsync(hub, "na-2", "203.0.113.7")).Response.StatusCode);

        var refused = (await NegotiateFromAsync(hub, "na-3", "203.0.113.7")).Response;
        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 1000);
        var problem = await JsonNode.ParseAsync(refused.Body, cancellationToken: TestContext.Current.CancellationToken);
        Assert.StartsWith("At most 0.001 negotiates per second from one client address (bursts of 2); retry after ", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(StatusCodes.Status200OK, (await NegotiateFromAsync(hub, "na-3", "198.51.100.9")).Response.StatusCode);
    }

    [Fact]
    public async Task Inbox_calls_over_the_per_user_limit_get_429_and_health_and_other_users_are_unaffected()
    {
        using var hub = HubLimiting("REST_PER_USER");
        using var http = hub.CreateHttp(TestTokens.Student("rest-limited"));
        using (var list = await http.GetAsync(Routes.Notifications, TestContext.Current.CancellationToken)) Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using (var readAll = await http.PostAsync(Routes.ReadAll, null, TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.OK, readAll.StatusCode);
        await AssertRefusedAsync(await http.DeleteAsync(Routes.Notifications, TestContext.Current.CancellationToken),
            "At most 0.001 inbox calls per second for one user (bursts of 2); retry after ");

        for (var i = 0; i < 3; i++)
        {
            using var health = await http.GetAsync(Routes.Health, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        using var other = hub.CreateHttp(TestTokens.Student("rest-other"));
        using (var allowed = await other.GetAsync(Routes.Notifications, TestContext.Current.CancellationToken)) Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public void A_burst_below_its_rate_stops_the_hub_from_starting()
    {
        using var hub = new HubFactory().With("RATE_LIMIT_PUBLISH_PER_USER_PER_SECOND", "50").With("RATE_LIMIT_PUBLISH_PER_USER_BURST", "10");
        var failure = Assert.ThrowsAny<Exception>(() => hub.CreateClient());
        Assert.Contains("publishes per second to one user", failure.ToString(), StringComparison.Ordinal);
    }

    private static Task<HttpContext> NegotiateFromAsync(HubFactory hub, string userId, string address) =>
        hub.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Post;
            context.Request.Path = Routes.Negotiate;
            context.Request.QueryString = new QueryString("?negotiateVersion=1");
            context.Request.Headers.Authorization = $"Bearer {TestTokens.Student(userId)}";
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        }, TestContext.Current.CancellationToken);

    private static PublishBatchRequest Batch(IReadOnlyList<PublishRequest> requests) => new(requests);

    private static void AssertAccepted(HttpResponseMessage response)
    {
        using (response) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>429, a whole-second Retry-After of at least 1, and a problem-details body naming the limit.</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string detailStart)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            var retryAfter = (int)(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero).TotalSeconds;
            Assert.InRange(retryAfter, 1, 1000);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
            Assert.Equal(429, problem!["status"]!.GetValue<int>());
            var detail = problem["detail"]!.GetValue<string>();
            Assert.StartsWith(detailStart, detail, StringComparison.Ordinal);
            Assert.EndsWith($"retry after {retryAfter} s.", detail, StringComparison.Ordinal);
        }
    }
}
