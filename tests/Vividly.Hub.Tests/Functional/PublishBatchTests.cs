using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Client.Publishing;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class PublishBatchTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadBatches => new()
    {
        { """{"requests":[]}""", "requests" },
        { """{"requests":{"user_id":"bw-1"}}""", "requests" },
        { """{"request":[]}""", "requests" },
        { """{"requests":[],"requests":[]}""", "requests" },
        { "[]", "body" },
        { """{"requests":[{"user_id":"bw-1","type":"system.announcement","title":"t","message":"m"},{"user_id":"bw-1","title":tru""", "requests[1].title" },
        { """{"requests":[{"user_id":"bw-1","type":"system.announcement","title":"t","message":"m"},""", "requests" },
        { $$"""{"requests":[{{string.Join(",", Enumerable.Repeat("""{"user_id":"bw-1","type":"system.announcement","title":"t","message":"m"}""", PublishBatchRequest.MaxRequests + 1))}}]}""", "requests" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_bad_batch_gets_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Equal([field], problem["errors"]!.AsObject().Select(error => error.Key));
        Assert.Empty((await hub.InboxAsync("bw-1"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_batch_over_its_size_limit_gets_413_and_stores_nothing()
    {
        var user = Publishing.NewUser("big");
        // Each request is well within a notification's 16 KiB; a hundred of them are not within the batch's 1 MiB.
        var request = Publishing.Request(user) with { Payload = new JsonObject { ["pad"] = new string('p', 11_000) } };
        using var response = await PostAsync(Batch([.. Enumerable.Repeat(request, PublishBatchRequest.MaxRequests)]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await TitlesAsync(user));
    }

    [Fact]
    public async Task Each_request_is_answered_in_order_and_a_bad_one_stores_nothing_and_fails_no_other()
    {
        var (ann, bob) = (Publishing.NewUser("mixed"), Publishing.NewUser("mixed"));
        var body = $$"""
            {"requests":[
              {"user_id":"{{ann}}","type":"system.announcement","title":"one","message":"m"},
              {"user_id":"{{bob}}","type":"video.exploded","title":"t","message":"m"},
              42,
              {"user_id":"{{bob}}","type":"system.announcement","title":"two","message":"m"},
              {"user_id":"{{ann}}","type":"system.announcement","title":"","message":"m"}
            ]}
            """;
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["results"]!.AsArray();
        Assert.Equal(5, results.Count);
        AssertStored(results[0], seq: 1);
        AssertInvalid(results[1], "type");
        AssertInvalid(results[2], "body");
        AssertStored(results[3], seq: 1);
        AssertInvalid(results[4], "title");
        Assert.Equal(["one"], await TitlesAsync(ann));
        Assert.Equal(["two"], await TitlesAsync(bob));
    }

    [Fact]
    public async Task One_users_requests_get_seqs_in_the_batchs_order_and_each_reaches_the_device()
    {
        var (user, other) = (Publishing.NewUser("ordered"), Publishing.NewUser("ordered"));
        await using var device = hub.CreateHubClient(TestTokens.Student(user));
        var received = new Recording(device);
        await device.StartAsync(Cancel);
        await received.ConnectedAsync();

        var titles = Enumerable.Range(0, 40).Select(i => $"n{i}").ToList();
        var requests = titles.SelectMany(title => new[] { Publishing.Request(user, title), Publishing.Request(other, title) }).ToList();
        var results = await PublishBatchAsync(requests);

        var mine = results.Where((_, i) => i % 2 == 0).ToList();
        Assert.Equal(Enumerable.Range(1, titles.Count).Select(i => (long)i), mine.Select(r => r["seq"]!.GetValue<long>()));
        await received.CountAsync(titles.Count);
        // By seq rather than by arrival: the client's resume on connecting may hand over some of them beside the live sends.
        Assert.Equal(titles, received.Notifications.OrderBy(n => n.Seq).Select(n => n.Title));
        Assert.Equal(Enumerable.Range(1, titles.Count).Select(i => (long)i), received.Notifications.Select(n => n.Seq).Order());
    }

    [Fact]
    public async Task A_repeated_key_within_a_batch_and_across_batches_is_answered_as_a_duplicate()
    {
        var (ann, bob) = (Publishing.NewUser("keys"), Publishing.NewUser("keys"));
        List<PublishRequest> requests =
        [
            Publishing.Request(ann, "first", key: "k1"),
            Publishing.Request(ann, "again", key: "k1"),
            Publishing.Request(bob, "bob's", key: "k1"),
            Publishing.Request(ann, "second", key: "k2"),
        ];

        var first = await PublishBatchAsync(requests);
        Assert.Equal([false, true, false, false], first.Select(r => r["duplicate"]!.GetValue<bool>()));
        Assert.Equal([1L, 1L, 1L, 2L], first.Select(r => r["seq"]!.GetValue<long>()));
        Assert.Equal(Id(first[0]), Id(first[1]));

        var again = await PublishBatchAsync(requests);
        Assert.All(again, r => Assert.True(r["duplicate"]!.GetValue<bool>()));
        Assert.Equal(first.Select(Id), again.Select(Id));
        Assert.Equal(["second", "first"], await TitlesAsync(ann));
        Assert.Equal(["bob's"], await TitlesAsync(bob));
    }

    [Fact]
    public async Task The_typed_client_publishes_a_batch_without_a_connection_and_keys_what_had_no_key()
    {
        var user = Publishing.NewUser("typed");
        await using var client = hub.CreateHubClient(TestTokens.Publisher());

        var outcomes = await client.PublishBatchAsync([Publishing.Request(user, "keyless"), Publishing.Request(user, "") with { Type = "video.exploded" }], Cancel);

        var stored = Assert.IsType<PublishBatchOutcome.Stored>(outcomes[0]);
        Assert.Equal((1L, false), (stored.Seq, stored.Duplicate));
        Assert.NotNull(stored.Request.IdempotencyKey);
        var failed = Assert.IsType<PublishBatchOutcome.Failed>(outcomes[1]);
        Assert.Equal(400, failed.Status);
        Assert.Equal(["title", "type"], failed.Errors.Keys.Order());
        Assert.False(failed.Retryable);

        // Sent again as answered, the first is recognised by the key it was given.
        var repeated = Assert.IsType<PublishBatchOutcome.Stored>(Assert.Single(await client.PublishBatchAsync([stored.Request], Cancel)));
        Assert.Equal((stored.Id, true), (repeated.Id, repeated.Duplicate));
        Assert.Equal(["keyless"], await TitlesAsync(user));
    }

    [Fact]
    public async Task The_typed_client_reports_a_batch_refused_as_a_whole_without_retrying_it()
    {
        await using var client = hub.CreateHubClient(TestTokens.Student("not-a-publisher"));
        var refused = await Assert.ThrowsAsync<PublishBatchRefusedException>(async () =>
            await client.PublishBatchAsync([Publishing.Request("anyone")], Cancel));
        Assert.Equal(403, refused.Status);
        Assert.False(refused.Retryable);
    }

    private static void AssertStored(JsonNode? result, long seq)
    {
        var item = result!.AsObject();
        Assert.Equal(["id", "seq", "duplicate"], item.Select(p => p.Key));
        Assert.Equal(seq, item["seq"]!.GetValue<long>());
        Assert.False(item["duplicate"]!.GetValue<bool>());
    }

    private static void AssertInvalid(JsonNode? result, string field)
    {
        var item = result!.AsObject();
        Assert.Equal(["error"], item.Select(p => p.Key));
        var error = item["error"]!.AsObject();
        Assert.Equal(400, error["status"]!.GetValue<int>());
        Assert.False(error["retryable"]!.GetValue<bool>());
        Assert.Equal([field], error["errors"]!.AsObject().Select(e => e.Key));
        Assert.StartsWith($"{field}: ", error["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Id(JsonNode? result) => result!["id"]!.GetValue<string>();

    private async Task<List<string>> TitlesAsync(string user) =>
        [.. (await hub.InboxAsync(user))["items"]!.AsArray().Select(n => n!["title"]!.GetValue<string>())];

    private async Task<List<JsonNode>> PublishBatchAsync(IReadOnlyList<PublishRequest> requests)
    {
        using var response = await PostAsync(Batch(requests));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["results"]!.AsArray().Select(r => r!)];
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var http = hub.CreateHttp(TestTokens.Publisher());
        return await http.PostAsync(Routes.PublishBatch, Json(body), Cancel);
    }

    private static string Batch(IReadOnlyList<PublishRequest> requests) =>
        System.Text.Json.JsonSerializer.Serialize(new PublishBatchRequest(requests), ContractJson.Options);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
