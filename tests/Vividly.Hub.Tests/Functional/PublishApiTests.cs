using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class PublishApiTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private const string Publish = Routes.Publish;

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"user_id":"bad-1","type":"video.exploded","title":"t","message":"m"}""", "type" },
        { """{"user_id":"bad-1","type":"system.announcement","title":"","message":"m"}""", "title" },
        { """{"user_id":"","type":"system.announcement","title":"t","message":"m"}""", "user_id" },
        { """{"user_id":"bad-1","type":"system.announcement","title":"t","message":"m","priority":"asap"}""", "priority" },
        { """{"user_id":"bad-1","type":"system.announcement","title":"t","message":"m","payload":[1,2]}""", "payload" },
        { """{"user_id":"bad-1","type":"system.announcement","title":"t","message":"m","payload":{"blob":"BLOB"}}""".Replace("BLOB", new string('x', 17_000), StringComparison.Ordinal), "payload" },
        { """{"user_id":"bad-1","type":""", "type" },
        { "[]", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_bodies_get_400_naming_the_field_and_store_nothing(string body, string field)
    {
        using var http = hub.CreateHttp(TestTokens.Publisher());
        using var response = await http.PostAsync(Publish, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Contains(problem["errors"]!.AsObject(), error => error.Key.Contains(field, StringComparison.Ordinal));
        Assert.Empty((await hub.InboxAsync("bad-1"))["items"]!.AsArray());
    }

    [Fact]
    public async Task An_oversized_body_gets_413_and_stores_nothing()
    {
        using var http = hub.CreateHttp(TestTokens.Publisher());
        var body = $$"""{"user_id":"big-1","type":"system.announcement","title":"t","message":"{{new string('m', 70_000)}}"}""";
        using var response = await http.PostAsync(Publish, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await hub.InboxAsync("big-1"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_publish_is_answered_202_with_id_seq_and_duplicate()
    {
        using var http = hub.CreateHttp(TestTokens.Publisher());
        using var response = await http.PostAsJsonAsync(Publish, Publishing.Request("answered-1", key: "k"), ContractJson.Options);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, body["seq"]!.GetValue<long>());
        Assert.False(body["duplicate"]!.GetValue<bool>());
        Assert.Equal(26, body["id"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task The_inbox_answers_in_the_contracts_snake_case()
    {
        await hub.PublishAsync(Publishing.Request("shape-1", "<b>not bold</b>"));
        var inbox = await hub.InboxAsync("shape-1");
        var item = inbox["items"]![0]!.AsObject();
        Assert.Equal(["id", "seq", "user_id", "type", "title", "message", "priority", "payload", "created_at", "read_at", "archived_at", "snoozed_until", "seen_at"], item.Select(p => p.Key));
        Assert.Equal("<b>not bold</b>", item["title"]!.GetValue<string>());
        Assert.EndsWith("Z", item["created_at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, inbox["unread_count"]!.GetValue<int>());
    }
}
