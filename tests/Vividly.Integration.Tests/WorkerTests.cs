using System.Net;
using System.Text;
using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

public sealed class WorkerTests : IAsyncLifetime
{
    private static readonly string[] Steps = ["started", "nlu", "rag", "script", "tts", "video"];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-worker-").FullName;
    private ServiceProcess _hub = null!;
    private ServiceProcess _worker = null!;

    public async ValueTask InitializeAsync()
    {
        _hub = await ServiceProcess.StartHubAsync(new Dictionary<string, string?> { ["INBOX_SQLITE_PATH"] = Path.Combine(_directory, "inbox.db") });
        _worker = await ServiceProcess.StartWorkerAsync(new Dictionary<string, string?>
        {
            ["HUB_URL"] = _hub.BaseUrl.ToString(),
            ["SIMULATED_STAGE_MS"] = "30",
            ["SIMULATED_FAILURE_RATE"] = "0",
        });
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _worker.DisposeAsync();
        await _hub.DisposeAsync();
        TestProcess.TryDeleteDirectory(_directory);
    }

    private static StringContent Push(string requestId, string studentId, string topic = "Photosynthesis", string idField = "messageId")
    {
        var data = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { request_id = requestId, student_id = studentId, topic }));
        var envelope = $$$"""{"message":{"data":"{{{data}}}","{{{idField}}}":"m-{{{requestId}}}","attributes":{}},"subscription":"projects/p/subscriptions/content"}""";
        return new StringContent(envelope, Encoding.UTF8, "application/json");
    }

    private Task<HttpResponseMessage> PostAsync(HttpContent body) => _http.PostAsync(new Uri(_worker.BaseUrl, "/pubsub/push"), body);

    [Fact]
    public async Task A_delivery_tells_the_student_started_each_stage_and_completed_in_order_once_each()
    {
        await using var student = await Device.ConnectAsync(_hub.BaseUrl, "worker-student");
        using var response = await PostAsync(Push("req_one", "worker-student"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await student.CountAsync(7);
        var got = student.Notifications;
        Assert.Equal(
            [NotificationTypes.GenerationStarted, .. Enumerable.Repeat(NotificationTypes.GenerationProgress, 5), NotificationTypes.GenerationCompleted],
            got.Select(n => n.Type));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], got.Select(n => n.Seq));
        Assert.Equal([0, 20, 40, 60, 80, 100, 100], got.Select(n => n.Payload!["progress_percentage"]!.GetValue<int>()));
        Assert.All(got, n => Assert.Equal("req_one", n.Payload!["content_request_id"]!.GetValue<string>()));
        Assert.StartsWith("vid_", got[^1].Payload!["content_id"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_request_shows_the_student_nothing_twice()
    {
        await using var student = await Device.ConnectAsync(_hub.BaseUrl, "redelivered");
        using (var first = await PostAsync(Push("req_twice", "redelivered"))) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var again = await PostAsync(Push("req_twice", "redelivered", idField: "message_id"))) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await student.CountAsync(7);

        // A third, different request proves the stream is still live and that nothing extra came before it.
        using (var other = await PostAsync(Push("req_other", "redelivered"))) Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await student.CountAsync(14);
        Assert.Equal(Enumerable.Range(1, 14).Select(i => (long)i), student.Notifications.Select(n => n.Seq));
        Assert.Equal(7, student.Notifications.Count(n => n.Payload!["content_request_id"]!.GetValue<string>() == "req_twice"));
    }

    [Theory]
    [InlineData("""{"message":{"data":"%%%not-base64","messageId":"1"},"subscription":"s"}""")]
    [InlineData("""{"message":{"data":"eyJ0b3BpYyI6Im5vIGlkcyJ9","messageId":"1"},"subscription":"s"}""")]
    [InlineData("""{"subscription":"s"}""")]
    [InlineData("""not json""")]
    public async Task A_malformed_delivery_gets_400(string body)
    {
        using var response = await PostAsync(new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_hub_outage_gets_5xx_so_PubSub_retries_and_the_retry_completes_once()
    {
        await _hub.KillAsync();
        using (var refused = await PostAsync(Push("req_outage", "outage-student")))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        // Pub/Sub redelivers until acknowledged; the worker's client reconnects with backoff meanwhile.
        await _hub.RestartAsync();
        await Eventually.AssertAsync(async () =>
        {
            using var retried = await PostAsync(Push("req_outage", "outage-student"));
            return retried.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "a redelivery is acknowledged once the hub is back");

        await using var student = await Device.ConnectAsync(_hub.BaseUrl, "outage-student");
        await student.CountAsync(7);
        Assert.Equal(7, student.Notifications.Select(n => n.Payload!["content_request_id"]!.GetValue<string>() + n.Type + n.Title).Distinct().Count());
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], student.Notifications.Select(n => n.Seq));
    }
}
