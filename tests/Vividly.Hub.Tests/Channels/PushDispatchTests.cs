using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Push;
using Vividly.Hub.Tests.Functional;
using Vividly.Hub.Tests.Push;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Channels;

/// <summary>
/// A publish routed by the hub's own dispatcher to its push channel and on to a push service on
/// loopback that decrypts each message, with endpoints scripted to be gone or rate limited.
/// </summary>
public sealed class PushDispatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly (string Public, string Private) _keys = VapidKeys.Generate();
    private LoopbackPushService _service = null!;
    private HubFactory _hub = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _service = await LoopbackPushService.StartAsync(_keys.Public);
        _hub = PushHub.Configured(_keys).With("DISPATCHER_POLL_INTERVAL_MS", "50").With("DISPATCHER_BACKOFF_BASE_MS", "100");
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _service.DisposeAsync();
    }

    private IPushSubscriptionStore Store => _hub.Services.GetRequiredService<IPushSubscriptionStore>();

    private async Task SubscribeAsync(string user, params string[] endpoints)
    {
        using var http = _hub.CreateHttp(TestTokens.Student(user));
        foreach (var endpoint in endpoints)
        {
            using var response = await PushHub.SubscribeAsync(http, PushHub.Subscription(endpoint, _service.P256dh, _service.Auth));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private async Task<JsonObject> PushDeliveryAsync(string user, string notificationId, Func<JsonObject, bool> until, string what)
    {
        using var http = _hub.CreateHttp(TestTokens.Student(user));
        JsonObject? found = null;
        await Eventually.AssertAsync(async () =>
        {
            var answer = await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}/{notificationId}/deliveries", Cancel);
            found = answer!["deliveries"]!.AsArray().Select(d => d!.AsObject()).SingleOrDefault(d => d["channel"]!.GetValue<string>() == "push");
            return found is not null && until(found);
        }, Patience, what);
        return found!;
    }

    private static bool Is(JsonObject delivery, string status) => delivery["status"]!.GetValue<string>() == status;

    [Fact]
    public async Task A_publish_is_pushed_to_every_live_subscription_and_a_gone_one_is_deleted()
    {
        var user = Publishing.NewUser("push");
        await SubscribeAsync(user, _service.Endpoint(201), _service.Endpoint(410));

        var published = await _hub.PublishAsync(Publishing.Request(user, "Your video is ready"));
        var delivery = await PushDeliveryAsync(user, published.Id, d => Is(d, DeliveryStatuses.Sent), "the push delivery is sent");

        var messages = new[] { await _service.NextAsync(Patience), await _service.NextAsync(Patience) };
        var taken = Assert.Single(messages, m => m.Status == 201);
        Assert.Null(taken.DecryptError);
        using var payload = JsonDocument.Parse(taken.Payload!);
        Assert.Equal(published.Id, payload.RootElement.GetProperty("id").GetString());
        Assert.Equal("Your video is ready", payload.RootElement.GetProperty("title").GetString());
        Assert.Single(messages, m => m.Status == 410);
        Assert.Equal(_service.Endpoint(201), Assert.Single(await Store.ListAsync(user, Cancel)).Endpoint);
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_rate_limited_endpoint_is_retried_after_its_retry_after_without_pushing_again_to_the_one_that_took_it()
    {
        var user = Publishing.NewUser("push-429");
        await SubscribeAsync(user, _service.Endpoint(201), _service.Endpoint(429, retryAfterSeconds: 1));

        var published = await _hub.PublishAsync(Publishing.Request(user));
        var first = await PushDeliveryAsync(user, published.Id, d => Is(d, DeliveryStatuses.Pending) && d["attempts"]!.GetValue<int>() == 1, "a retry is scheduled");
        var due = first["due_at"]!.GetValue<DateTimeOffset>();
        var updated = first["updated_at"]!.GetValue<DateTimeOffset>();
        Assert.True(due - updated >= TimeSpan.FromSeconds(0.95), $"the retry waits for Retry-After: due {due:O}, tried {updated:O}");
        Assert.Contains("429", first["last_error"]!.GetValue<string>(), StringComparison.Ordinal);

        await PushDeliveryAsync(user, published.Id, d => d["attempts"]!.GetValue<int>() >= 2 && !Is(d, DeliveryStatuses.Sending), "the delivery is tried again");
        var seen = new List<PushedMessage>();
        for (var i = 0; i < 3; i++) seen.Add(await _service.NextAsync(Patience));
        Assert.Single(seen, m => m.Status == 201);
        Assert.Equal(2, seen.Count(m => m.Status == 429));
    }

    [Fact]
    public async Task A_user_whose_only_subscription_is_gone_is_skipped_as_unreachable()
    {
        var user = Publishing.NewUser("push-gone");
        await SubscribeAsync(user, _service.Endpoint(410));

        var published = await _hub.PublishAsync(Publishing.Request(user));
        var delivery = await PushDeliveryAsync(user, published.Id, d => Is(d, DeliveryStatuses.Skipped), "the push delivery is skipped");

        Assert.Equal(DeliveryReasons.Unreachable, delivery["reason"]!.GetValue<string>());
        Assert.Equal("every subscription is gone", delivery["last_error"]!.GetValue<string>());
        Assert.Empty(await Store.ListAsync(user, Cancel));
    }
}
