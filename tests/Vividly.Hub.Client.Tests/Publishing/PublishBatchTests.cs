using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Hub.Client.Tests.Publishing;

public sealed class PublishBatchTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly PublishRequest Keyless = new("ann", NotificationTypes.SystemAnnouncement, "t", "m");

    private static NotificationHubClient Client(ScriptedHandler handler, TimeProvider time, TimeSpan? attemptTimeout = null) => new(
        new NotificationHubClientOptions
        {
            HubUrl = new Uri("http://hub.test/"),
            AccessTokenProvider = _ => ValueTask.FromResult("token"),
            HttpMessageHandlerFactory = _ => handler,
            PublishRetries = 3,
            PublishAttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
        },
        timeProvider: time);

    [Fact]
    public async Task A_batch_answered_202_gives_each_request_its_outcome_in_order()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(HttpStatusCode.Accepted, """
            {"results":[
              {"id":"n1","seq":7,"duplicate":false},
              {"id":"n0","seq":3,"duplicate":true},
              {"error":{"status":400,"title":"One or more validation errors occurred.","detail":"type: type must be one of …","errors":{"type":["type must be one of …"]},"retryable":false}},
              {"error":{"status":429,"title":"Too many requests","detail":"At most 100 publishes per second to one user (bursts of 200); retry after 3 s.","retryable":true,"retry_after":3}}
            ]}
            """));
        await using var client = Client(handler, new FakeTimeProvider());

        var outcomes = await client.PublishBatchAsync([Keyless, Keyless, Keyless with { Type = "video.exploded" }, Keyless], Cancel);

        Assert.Equal(new PublishBatchOutcome.Stored(outcomes[0].Request, "n1", 7, false), outcomes[0]);
        Assert.Equal(new PublishBatchOutcome.Stored(outcomes[1].Request, "n0", 3, true), outcomes[1]);
        var invalid = Assert.IsType<PublishBatchOutcome.Failed>(outcomes[2]);
        Assert.Equal((400, false, null), (invalid.Status, invalid.Retryable, invalid.RetryAfter));
        Assert.Equal(["type"], invalid.Errors.Keys);
        Assert.Equal("video.exploded", invalid.Request.Type);
        var limited = Assert.IsType<PublishBatchOutcome.Failed>(outcomes[3]);
        Assert.Equal((429, true, TimeSpan.FromSeconds(3)), (limited.Status, limited.Retryable, limited.RetryAfter));
        Assert.Equal(1, handler.Attempts);
    }

    [Fact]
    public async Task A_batch_answered_503_is_retried_whole_after_its_retry_after_with_the_keys_given_before_the_first_attempt()
    {
        var time = new ObservedTimeProvider();
        var handler = new ScriptedHandler(
            ScriptedHandler.Json(HttpStatusCode.ServiceUnavailable, """{"status":503,"detail":"The inbox store did not answer within 2000 ms."}""", retryAfterSeconds: 2),
            ScriptedHandler.Json(HttpStatusCode.Accepted, """{"results":[{"id":"n1","seq":1,"duplicate":true},{"id":"n2","seq":2,"duplicate":false}]}"""));
        var attemptTimeout = TimeSpan.FromHours(1);
        await using var client = Client(handler, time, attemptTimeout);

        var publishing = client.PublishBatchAsync([Keyless, Keyless with { IdempotencyKey = "own" }], Cancel).AsTask();
        var first = Keys(await handler.NextBodyAsync());
        var backoff = await time.NextTimerAsync(dueTime => dueTime > TimeSpan.Zero && dueTime < attemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), backoff);
        time.Advance(backoff);
        var second = Keys(await handler.NextBodyAsync());
        var outcomes = await publishing.WaitAsync(TimeSpan.FromSeconds(10), Cancel);

        Assert.Equal(2, handler.Attempts);
        Assert.StartsWith("batch:", first[0], StringComparison.Ordinal);
        Assert.Equal("own", first[1]);
        Assert.Equal(first, second);
        Assert.Equal(first, outcomes.Select(outcome => outcome.Request.IdempotencyKey));
    }

    [Fact]
    public async Task A_batch_refused_as_bad_input_is_reported_and_not_retried()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(HttpStatusCode.BadRequest,
            """{"status":400,"title":"One or more validation errors occurred.","errors":{"requests":["requests must be a list of 1 to 100 publish requests."]}}"""));
        await using var client = Client(handler, new FakeTimeProvider());

        var refused = await Assert.ThrowsAsync<PublishBatchRefusedException>(async () => await client.PublishBatchAsync([Keyless], Cancel));

        Assert.Equal((400, false), (refused.Status, refused.Retryable));
        Assert.Contains("requests must be a list", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(1, handler.Attempts);
    }

    [Fact]
    public async Task A_batch_of_no_requests_or_more_than_the_hub_takes_is_refused_before_anything_is_sent()
    {
        var handler = new ScriptedHandler();
        await using var client = Client(handler, new FakeTimeProvider());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await client.PublishBatchAsync([], Cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await client.PublishBatchAsync([.. Enumerable.Repeat(Keyless, PublishBatchRequest.MaxRequests + 1)], Cancel));
        Assert.Equal(0, handler.Attempts);
    }

    private static List<string> Keys(string body) =>
        [.. JsonNode.Parse(body)!["requests"]!.AsArray().Select(request => request!["idempotency_key"]!.GetValue<string>())];
}
