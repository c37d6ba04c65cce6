using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Hub.Channels;
using Vividly.Hub.Email;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Email;

public sealed class EmailEventsTests(EmailHub email) : IClassFixture<EmailHub>
{
    private const string Path = "/api/v1/email/events";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> PostAsync(string body, string? secret = EmailHub.WebhookSecret)
    {
        using var http = email.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await http.SendAsync(request, Cancel);
    }

    private static string Event(string name, string address, string deliveryId, string? eventId = null) =>
        $$"""{ "email": "{{address}}", "timestamp": 1763950000, "event": "{{name}}", "sg_event_id": "{{eventId ?? Guid.NewGuid().ToString("N")}}", "sg_message_id": "m1.filter", "delivery_id": "{{deliveryId}}" }""";

    [Fact]
    public async Task Without_the_secret_nothing_is_taken()
    {
        var deliveryId = EmailHub.NewDeliveryId();
        var body = $"[{Event("delivered", "a@example.test", deliveryId)}]";

        using var none = await PostAsync(body, secret: null);
        using var wrong = await PostAsync(body, secret: "not-the-webhook-secret-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Empty(email.Events.KindsOf(deliveryId));
    }

    [Fact]
    public async Task A_bounce_suppresses_the_address_and_a_replay_changes_nothing()
    {
        var user = Publishing.NewUser("bounce");
        var address = $"{user}@example.test";
        await email.SetAddressAsync(user, address);
        var addresses = email.Service<UserEmailStore>();
        Assert.True(await addresses.HasAddressAsync(user, Cancel));
        var deliveryId = EmailHub.NewDeliveryId();
        var body = $"[{Event("delivered", address, deliveryId)}, {Event("bounce", address, deliveryId)}]";

        using var first = await PostAsync(body);
        using var replay = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["accepted"]!.GetValue<int>());
        var replayed = (await replay.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        Assert.Equal((0, 2), (replayed["accepted"]!.GetValue<int>(), replayed["replayed"]!.GetValue<int>()));
        Assert.Equal(["delivered", "bounced"], email.Events.KindsOf(deliveryId));
        Assert.False(await addresses.HasAddressAsync(user, Cancel));
        Assert.Equal("bounce", (await addresses.GetAsync(user, Cancel))!.SuppressedReason);
        var outcome = await email.Service<EmailSender>().SendAsync(new ChannelMessage(EmailHub.NewDeliveryId(), "email", EmailHub.Completed(user), 1), Cancel);
        Assert.IsType<SendOutcome.Unreachable>(outcome);
    }

    [Fact]
    public async Task An_unsubscribe_event_turns_the_cadence_off()
    {
        var user = Publishing.NewUser("unsub");
        await email.SetAddressAsync(user, $"{user}@example.test");

        using var answer = await PostAsync($"[{Event("unsubscribe", $"{user}@example.test", EmailHub.NewDeliveryId())}]");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var http = email.Hub.CreateHttp(TestTokens.Student(user));
        var preferences = await http.GetFromJsonAsync<JsonObject>("/api/v1/preferences", Cancel);
        Assert.Equal("off", preferences!["all"]!["email_cadence"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{ "event": "bounce" }""", "body")]
    [InlineData("""[{ "email": "a@example.test", "timestamp": 1, "event": "bounce" }]""", "[0].sg_event_id")]
    [InlineData("""[{ "email": "a@example.test", "timestamp": 1, "event": "exploded", "sg_event_id": "e" }]""", "[0].event")]
    [InlineData("""[{ "email": "a@example.test", "timestamp": "soon", "event": "open", "sg_event_id": "e" }]""", "[0].timestamp")]
    [InlineData("""[{ "email": "nobody", "timestamp": 1, "event": "open", "sg_event_id": "e" }]""", "[0].email")]
    [InlineData("[1]", "[0]")]
    public async Task A_malformed_body_is_refused_naming_the_field(string body, string field)
    {
        using var answer = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.NotNull((await answer.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["errors"]![field]);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var huge = "[" + string.Join(",", Enumerable.Repeat(Event("open", "a@example.test", "d"), 8000)) + "]";
        Assert.True(huge.Length > EmailEventsApi.MaxBodyBytes);

        using var answer = await PostAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
    }
}
