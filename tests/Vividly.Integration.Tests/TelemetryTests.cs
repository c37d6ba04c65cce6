using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

public sealed class TelemetryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-telemetry-").FullName;

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);

    [Fact]
    public async Task With_a_collector_configured_the_hub_exports_its_counters_over_OTLP()
    {
        using var collector = new OtlpCollector();
        await using var hub = await ServiceProcess.StartHubAsync(new Dictionary<string, string?>(collector.Settings)
        {
            ["INBOX_SQLITE_PATH"] = Path.Combine(_directory, "inbox.db"),
        });
        using var publisher = new HttpPublisher();
        await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("measured", "hello"));

        await Eventually.AssertAsync(() => collector.Bodies("/v1/metrics").Any(body => OtlpCollector.Holds(body, "vividly.notifications.published")),
            TimeSpan.FromSeconds(20), "the collector receives the hub's publish counter");
        Assert.Contains(collector.Bodies("/v1/metrics"), body => OtlpCollector.Holds(body, "vividly-hub"));
    }

    [Fact]
    public async Task One_content_request_is_one_trace_from_the_worker_s_push_to_the_hub_s_inbox_append_and_live_send()
    {
        using var collector = new OtlpCollector();
        await using var hub = await ServiceProcess.StartHubAsync(new Dictionary<string, string?>(collector.Settings)
        {
            ["INBOX_SQLITE_PATH"] = Path.Combine(_directory, "inbox.db"),
        });
        await using var worker = await ServiceProcess.StartWorkerAsync(new Dictionary<string, string?>(collector.Settings)
        {
            ["HUB_URL"] = hub.BaseUrl.ToString(),
            ["SIMULATED_STAGE_MS"] = "10",
            ["SIMULATED_FAILURE_RATE"] = "0",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // A student on the plain stream with the token in its URL, as an EventSource connects.
        var student = TestTokens.Student("traced-student");
        await using (var stream = await PlainStreamReader.OpenAsync(http, new Uri(hub.BaseUrl, $"{Routes.Stream}?access_token={student}"), token: null))
        {
            Assert.Equal(StreamEvents.ConnectionEstablished, (await stream.NextAsync(TimeSpan.FromSeconds(10)))!.Value.EventType);

            // Pub/Sub's push, inside a trace the test started.
            var traceId = ActivityTraceId.CreateRandom();
            var data = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { request_id = "req_traced", student_id = "traced-student", topic = "Tides" }));
            using var push = new HttpRequestMessage(HttpMethod.Post, new Uri(worker.BaseUrl, "/pubsub/push"))
            {
                Content = new StringContent($$"""{"message":{"data":"{{data}}","messageId":"m-traced"},"subscription":"s"}""", Encoding.UTF8, "application/json"),
            };
            push.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using (var pushed = await http.SendAsync(push)) Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
            Assert.Equal(StreamEvents.Notification, (await stream.NextBesidesHeartbeatsAsync(TimeSpan.FromSeconds(10)))!.Value.EventType);

            var id = Convert.FromHexString(traceId.ToHexString());
            bool Exported(string service, string span) =>
                collector.Bodies("/v1/traces").Any(body => OtlpCollector.Holds(body, service) && OtlpCollector.Holds(body, span) && OtlpCollector.Holds(body, id));
            await Eventually.AssertAsync(() => Exported("vividly-worker", "content request") && Exported("vividly-worker", "stage nlu"),
                TimeSpan.FromSeconds(20), "the worker exports its spans in the push's trace");
            await Eventually.AssertAsync(() => Exported("vividly-hub", "inbox append") && Exported("vividly-hub", "live send"),
                TimeSpan.FromSeconds(20), "the hub exports its publish's spans in the same trace");
        }

        // The stream's own request span ends with it; its URL's token must not be in it.
        await Eventually.AssertAsync(() => collector.Bodies("/v1/traces").Any(body => OtlpCollector.Holds(body, Routes.Stream)),
            TimeSpan.FromSeconds(20), "the stream's request span is exported");
        Assert.DoesNotContain(collector.Bodies("/v1/traces"), body => OtlpCollector.Holds(body, student[(student.LastIndexOf('.') + 1)..]));
    }
}
