using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Tests.Functional;

public sealed class HealthTests(HubFactory hub) : IClassFixture<HubFactory>
{
    [Fact]
    public async Task Health_reports_the_contracts_fields_and_counts_for_real()
    {
        await hub.PublishAsync(Publishing.Request("health-1"));
        using var http = hub.CreateHttp(null);
        var health = (await http.GetFromJsonAsync<JsonObject>(Routes.Health))!;

        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        Assert.True(health["database_connected"]!.GetValue<bool>());
        Assert.False(health["redis_connected"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(health["instance_id"]!.GetValue<string>()));
        Assert.Equal(0, health["active_connections"]!.GetValue<int>());
        var metrics = health["service_metrics"]!.AsObject();
        Assert.True(metrics["notifications_published"]!.GetValue<long>() >= 1);
        foreach (var field in new[] { "notifications_delivered", "connections_established", "connections_closed", "publish_errors", "subscribe_errors" })
            Assert.NotNull(metrics[field]);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer()
    {
        using var http = hub.CreateHttp(null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Routes.Live)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Routes.Ready)).StatusCode);
    }
}
