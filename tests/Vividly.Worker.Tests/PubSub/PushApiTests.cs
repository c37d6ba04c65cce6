using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Vividly.Worker.Tests.PubSub;

public sealed class PushApiTests : IAsyncDisposable
{
    private readonly WorkerFactory _worker = new();

    public ValueTask DisposeAsync() => _worker.DisposeAsync();

    private async Task<HttpResponseMessage> PushAsync(string body)
    {
        using var http = _worker.CreateClient();
        return await http.PostAsync("/pubsub/push", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_delivery_is_acknowledged_once_the_hub_accepted_every_notification()
    {
        using var response = await PushAsync(PushBodies.Envelope("req-1", "student-1", "Volcanoes"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        Assert.Equal("req-1", answer["request_id"]!.GetValue<string>());
        Assert.Equal("completed", answer["outcome"]!.GetValue<string>());
        Assert.Equal(7, _worker.Hub.Published.Count);
        Assert.Equal("req-1:completed", _worker.Hub.Published[^1].IdempotencyKey);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"message":{}}""")]
    [InlineData("""{"message":{"data":"not base64!"}}""")]
    public async Task A_delivery_that_can_never_succeed_gets_400_and_publishes_nothing(string body)
    {
        using var response = await PushAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_worker.Hub.Published);
    }

    [Fact]
    public async Task A_delivery_the_hub_did_not_accept_gets_503_so_PubSub_redelivers()
    {
        _worker.Hub.Failure = new HttpRequestException("The hub is down.");

        using var response = await PushAsync(PushBodies.Envelope("req-1", "student-1", "Volcanoes"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        Assert.Equal("Hub unavailable", problem["title"]!.GetValue<string>());
    }
}
