using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Push;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Push;

/// <summary>
/// The hub's sender, end to end: a subscription made through the API with the keys of a push
/// service on loopback (Node, decrypting with http_ece and checking VAPID), then one message
/// to it, answered as its endpoint scripts.
/// </summary>
public sealed class PushDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly (string Public, string Private) _keys = VapidKeys.Generate();
    private LoopbackPushService _service = null!;
    private HubFactory _hub = null!;

    public async ValueTask InitializeAsync()
    {
        _service = await LoopbackPushService.StartAsync(_keys.Public);
        _hub = PushHub.Configured(_keys);
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _service.DisposeAsync();
    }

    private static Notification Completed(string user) => new("n-42", 7, user, NotificationTypes.GenerationCompleted, "Your video is ready",
        "Photosynthesis, explained", NotificationPriorities.Urgent,
        new JsonObject { ["content_request_id"] = "req-9", ["content_id"] = "c-77" }, DateTimeOffset.UtcNow, null, null, null, null);

    private IPushSubscriptionStore Store => _hub.Services.GetRequiredService<IPushSubscriptionStore>();

    /// <summary>Subscribes through the API, as the web app does, and answers the stored row.</summary>
    private async Task<StoredPushSubscription> SubscribeAsync(string user, string endpoint)
    {
        using var http = _hub.CreateHttp(TestTokens.Student(user));
        using var response = await PushHub.SubscribeAsync(http, PushHub.Subscription(endpoint, _service.P256dh, _service.Auth));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Assert.Single(await Store.ListAsync(user, CancellationToken.None));
    }

    private async Task<PushResult> SendAsync(StoredPushSubscription subscription)
    {
        using var scope = _hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PushDelivery>().SendAsync(subscription, Completed(subscription.UserId), CancellationToken.None);
    }

    [Fact]
    public async Task A_taken_message_decrypts_at_the_push_service_to_the_payload_with_valid_vapid_and_headers()
    {
        var subscription = await SubscribeAsync("u1", _service.Endpoint(201));

        var result = await SendAsync(subscription);

        Assert.IsType<PushResult.Delivered>(result);
        var message = await _service.NextAsync(Patience);
        Assert.Null(message.DecryptError);
        Assert.Null(message.VapidError);
        Assert.Equal($"http://127.0.0.1:{_service.Port}", message.VapidAudience);
        Assert.Equal(PushHub.Subject, message.VapidSubject);
        Assert.Equal(("POST", "aes128gcm", "86400", "high"), (message.Method, message.ContentEncoding, message.Ttl, message.Urgency));
        Assert.Equal(PushMessage.TopicFor("req-9"), message.Topic);
        using var payload = JsonDocument.Parse(message.Payload!);
        Assert.Equal(
            """{"id":"n-42","type":"content_generation.completed","title":"Your video is ready","body":"Photosynthesis, explained","url":"https://app.vividly.example/video/c-77","tag":"req-9","priority":"urgent"}""",
            JsonSerializer.Serialize(payload.RootElement));
        var stored = Assert.Single(await Store.ListAsync("u1", CancellationToken.None));
        Assert.NotNull(stored.LastSuccessAt);
    }

    [Fact]
    public async Task A_gone_subscription_is_deleted()
    {
        var subscription = await SubscribeAsync("u1", _service.Endpoint(410));

        var result = await SendAsync(subscription);

        Assert.Equal(new PushResult.Gone(HttpStatusCode.Gone), result);
        Assert.Equal(410, (await _service.NextAsync(Patience)).Status);
        Assert.Empty(await Store.ListAsync("u1", CancellationToken.None));
    }

    [Fact]
    public async Task Rate_limiting_reports_retry_after_and_keeps_the_subscription()
    {
        var subscription = await SubscribeAsync("u1", _service.Endpoint(429, retryAfterSeconds: 7));

        var result = await SendAsync(subscription);

        Assert.Equal(new PushResult.RateLimited(TimeSpan.FromSeconds(7)), result);
        Assert.Null((await _service.NextAsync(Patience)).DecryptError);
        Assert.Equal(0, Assert.Single(await Store.ListAsync("u1", CancellationToken.None)).FailureCount);
    }

    [Fact]
    public async Task A_refusal_is_a_failure_with_its_status_counted_on_the_subscription()
    {
        var subscription = await SubscribeAsync("u1", _service.Endpoint(400));

        var result = await SendAsync(subscription);

        Assert.Equal(HttpStatusCode.BadRequest, Assert.IsType<PushResult.Failed>(result).Status);
        Assert.Equal(1, Assert.Single(await Store.ListAsync("u1", CancellationToken.None)).FailureCount);
    }

    [Fact]
    public async Task An_unreachable_push_service_is_a_failure_without_a_status()
    {
        var subscription = await SubscribeAsync("u1", $"http://127.0.0.1:{FreePort.Next()}/answer/201");

        var result = await SendAsync(subscription);

        Assert.Null(Assert.IsType<PushResult.Failed>(result).Status);
        Assert.Equal(1, Assert.Single(await Store.ListAsync("u1", CancellationToken.None)).FailureCount);
    }
}
