using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Channels;
using Vividly.Hub.Email;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Email;

/// <summary>The email tables on PostgreSQL: the same SQL as on SQLite, through the hub.</summary>
public sealed class EmailPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Addresses_suppression_and_webhook_replays_behave_on_postgres()
    {
        var events = new RecordingDeliveryEvents();
        await using var hub = new HubFactory()
            .With("DATABASE_URL", await postgres.Server.CreateDatabaseAsync())
            .With("EMAIL_WEBHOOK_SECRET", EmailHub.WebhookSecret)
            .WithServices(services => services.AddSingleton<IDeliveryEvents>(events));
        var addresses = hub.Services.GetRequiredService<UserEmailStore>();
        var user = Publishing.NewUser("pg");

        using (var http = hub.CreateHttp(EmailHub.TokenWithEmail(user, $"{user}@example.test")))
            (await http.GetAsync("/api/v1/preferences", Cancel)).EnsureSuccessStatusCode();
        Assert.Equal(EmailSources.Token, (await addresses.GetAsync(user, Cancel))?.Source);

        using var publisher = hub.CreateHttp(TestTokens.Publisher());
        (await publisher.PutAsync($"/api/v1/users/{user}/email",
            new StringContent("""{ "email": "set@example.test" }""", Encoding.UTF8, "application/json"), Cancel)).EnsureSuccessStatusCode();
        using (var http = hub.CreateHttp(EmailHub.TokenWithEmail(user, $"other-{user}@example.test")))
            (await http.GetAsync("/api/v1/preferences", Cancel)).EnsureSuccessStatusCode();
        Assert.Equal(("set@example.test", EmailSources.Api), await addresses.GetAsync(user, Cancel) is { } a ? (a.Email, a.Source) : default);

        var deliveryId = EmailHub.NewDeliveryId();
        var body = $$"""[{ "email": "set@example.test", "timestamp": 1763950000, "event": "spamreport", "sg_event_id": "{{Guid.NewGuid():N}}", "delivery_id": "{{deliveryId}}" }]""";
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/email/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmailHub.WebhookSecret);
            using var answer = await hub.CreateClient().SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(i == 0 ? 1 : 0, (await answer.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["accepted"]!.GetValue<int>());
        }
        Assert.Equal(["spamreport"], events.KindsOf(deliveryId));
        Assert.False(await addresses.HasAddressAsync(user, Cancel));

        // A new address is not suppressed.
        (await publisher.PutAsync($"/api/v1/users/{user}/email",
            new StringContent("""{ "email": "fresh@example.test" }""", Encoding.UTF8, "application/json"), Cancel)).EnsureSuccessStatusCode();
        Assert.True(await addresses.HasAddressAsync(user, Cancel));
    }
}
