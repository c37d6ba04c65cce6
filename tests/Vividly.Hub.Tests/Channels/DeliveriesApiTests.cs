using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Push;
using Vividly.Hub.Tests.Functional;
using Vividly.Hub.Tests.Push;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Channels;

/// <summary>
/// The deliveries and delivery-metrics endpoints on a hub whose channels reach nobody yet: push is
/// configured (without a channel nothing is routed) and nobody has subscribed or given an address.
/// </summary>
public sealed class DeliveriesApiTests : IAsyncDisposable
{
    private readonly HubFactory hub = PushHub.Configured(VapidKeys.Generate());

    public async ValueTask DisposeAsync() => await hub.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string DeliveriesPath(string id) => $"{Routes.Notifications}/{id}/deliveries";

    /// <summary>Publishes for a new user and waits for the dispatcher to route it.</summary>
    private async Task<(string UserId, string NotificationId, JsonObject Answer)> RoutedAsync()
    {
        var userId = Publishing.NewUser("deliveries");
        var published = await hub.PublishAsync(Publishing.Request(userId));
        using var http = hub.CreateHttp(TestTokens.Student(userId));
        JsonObject? answer = null;
        await Eventually.AssertAsync(async () =>
        {
            answer = await http.GetFromJsonAsync<JsonObject>(DeliveriesPath(published.Id), Cancel);
            return answer!["deliveries"]!.AsArray().Count == 2;
        }, TimeSpan.FromSeconds(15), "the dispatcher routes the notification to both channels");
        return (userId, published.Id, answer!);
    }

    [Fact]
    public async Task The_owner_sees_each_channel_with_its_status_and_reason()
    {
        var (_, id, answer) = await RoutedAsync();

        Assert.Equal(id, answer["notification_id"]!.GetValue<string>());
        var deliveries = answer["deliveries"]!.AsArray();
        var email = deliveries.Single(d => d!["channel"]!.GetValue<string>() == "email")!;
        Assert.Equal(("skipped", DeliveryReasons.NoAddress, 0), (email["status"]!.GetValue<string>(), email["reason"]!.GetValue<string>(), email["attempts"]!.GetValue<int>()));
        Assert.Null(email["sent_at"]);
        Assert.NotNull(email["created_at"]);
        var push = deliveries.Single(d => d!["channel"]!.GetValue<string>() == "push")!;
        Assert.Equal(DeliveryReasons.NoSubscription, push["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_user_gets_404_and_an_admin_sees_it()
    {
        var (_, id, _) = await RoutedAsync();

        using var stranger = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("stranger")));
        using var refused = await stranger.GetAsync(DeliveriesPath(id), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var admin = hub.CreateHttp(TestTokens.Admin());
        var answer = await admin.GetFromJsonAsync<JsonObject>(DeliveriesPath(id), Cancel);
        Assert.Equal(2, answer!["deliveries"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("01JDQ4Z5Y6X7W8V9T0S1R2Q3P4")]
    [InlineData("not-an-id")]
    public async Task An_unknown_or_malformed_id_is_404(string id)
    {
        using var http = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("nobody")));
        using var response = await http.GetAsync(DeliveriesPath(id), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Deliveries_need_a_token()
    {
        using var http = hub.CreateHttp(null);
        using var response = await http.GetAsync(DeliveriesPath("01JDQ4Z5Y6X7W8V9T0S1R2Q3P4"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_count_the_routed_deliveries_per_channel_and_type()
    {
        await RoutedAsync();
        using var admin = hub.CreateHttp(TestTokens.Admin());

        var answer = await admin.GetFromJsonAsync<JsonObject>(DeliveriesApi.MetricsPath, Cancel);

        var rows = answer!["rows"]!.AsArray();
        var email = rows.Single(r => r!["channel"]!.GetValue<string>() == "email" && r["type"]!.GetValue<string>() == NotificationTypes.GenerationCompleted)!;
        Assert.Equal(0, email["sent"]!.GetValue<long>());
        Assert.Null(email["open_rate"]);
        Assert.NotNull(answer["from"]);
    }

    [Fact]
    public async Task Metrics_are_for_admins_only()
    {
        using var student = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("student")));
        using var response = await student.GetAsync(DeliveriesApi.MetricsPath, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-13-40T00:00:00Z", "to")]
    [InlineData("?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    public async Task Malformed_or_reversed_bounds_are_400_naming_the_field(string query, string field)
    {
        using var admin = hub.CreateHttp(TestTokens.Admin());
        using var response = await admin.GetAsync(DeliveriesApi.MetricsPath + query, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Cancel);
        Assert.NotNull(problem!["errors"]![field]);
    }
}
