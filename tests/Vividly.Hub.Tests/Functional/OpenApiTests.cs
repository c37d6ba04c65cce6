using System.Net;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Tests.Functional;

/// <summary>The OpenAPI document the web app's wire types are generated from.</summary>
public sealed class OpenApiTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task The_document_is_served_in_production_describing_the_rest_api()
    {
        var document = await DocumentAsync();

        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { Routes.Notifications, Routes.Notifications + "/{id}/read", Routes.ReadAll,
                     Routes.Publish, Routes.PublishBatch, Routes.Health, Routes.Connections, Routes.History, Routes.Stream, Routes.Stream + "/{user_id}", Routes.StreamTicket,
                     Routes.Notifications + "/{id}/unread", Routes.Notifications + "/{id}/archive", Routes.Notifications + "/{id}/snooze", Routes.ArchiveRead,
                     Routes.Seen, Routes.Requests + "/{content_request_id}/read" })
            Assert.True(paths.ContainsKey(path), $"{path} is not described");
        Assert.Equal("text/event-stream", paths[Routes.Stream]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Single().Key);
        Assert.Equal(
            "#/components/schemas/InboxPage",
            paths[Routes.Notifications]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Notification", "user_id", "created_at", "read_at", "archived_at", "snoozed_until", "seen_at")]
    [InlineData("NotificationState", "id", "read_at", "archived_at", "snoozed_until", "seen_at")]
    [InlineData("SnoozeRequest", "until")]
    [InlineData("SeenRequest", "ids")]
    [InlineData("RequestReadRequest", "archive")]
    [InlineData("ConnectionInfo", "connection_id", "last_seq", "server_time")]
    [InlineData("InboxChange", "read_ids", "all_read", "unread_count", "updated")]
    [InlineData("ResumeRequest", "reason")]
    [InlineData("ResumePage", "notifications", "has_more", "removed_through_seq")]
    [InlineData("PublishRequest", "user_id", "idempotency_key")]
    [InlineData("PublishResult", "id", "seq", "duplicate")]
    [InlineData("InboxPage", "items", "unread_count", "next_before_seq")]
    [InlineData("PublishBatchRequest", "requests")]
    [InlineData("PublishBatchResult", "results")]
    [InlineData("PublishBatchItem", "id", "seq", "duplicate", "error")]
    [InlineData("PublishProblem", "status", "title", "detail", "errors", "retryable", "retry_after")]
    [InlineData("StreamEstablished", "connection_id", "user_id", "instance_id", "last_seq", "unread_count", "message", "timestamp")]
    [InlineData("StreamHeartbeat", "timestamp")]
    [InlineData("StreamReconnect", "reason", "message", "timestamp")]
    [InlineData("RemovedHistory", "after_seq", "removed_through_seq")]
    [InlineData("StreamTicket", "ticket", "expires_at")]
    public async Task The_contract_types_are_named_with_their_snake_case_properties(string type, params string[] properties)
    {
        var schema = (await DocumentAsync())["components"]!["schemas"]![type]!.AsObject();

        var names = schema["properties"]!.AsObject().Select(property => property.Key).ToList();
        foreach (var property in properties) Assert.Contains(property, names);
        Assert.All(names, name => Assert.Equal(name.ToLowerInvariant(), name));
    }

    [Fact]
    public async Task Nullable_fields_say_so_and_numbers_and_times_are_written_as_such()
    {
        var notification = (await DocumentAsync())["components"]!["schemas"]!["Notification"]!["properties"]!;

        Assert.Equal("""["null","string"]""", notification["read_at"]!["type"]!.ToJsonString());
        Assert.Equal("\"string\"", notification["created_at"]!["type"]!.ToJsonString());
        Assert.Equal("\"integer\"", notification["seq"]!["type"]!.ToJsonString());
        Assert.Contains("null", notification["payload"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_result_says_which_fields_each_outcome_has_and_its_error_is_an_object()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        // Left out when null rather than written as null: optional, and the problem they refer to is never null itself.
        Assert.Null(schemas["PublishBatchItem"]!["required"]);
        Assert.Equal("\"object\"", schemas["PublishProblem"]!["type"]!.ToJsonString());
        Assert.Equal(
            "#/components/schemas/PublishBatchResult",
            (await DocumentAsync())["paths"]![Routes.PublishBatch]!["post"]!["responses"]!["202"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var http = hub.CreateHttp(null);
        using var response = await http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }
}
