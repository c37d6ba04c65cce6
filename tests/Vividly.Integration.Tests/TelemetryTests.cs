using System.Net;
using System.Text;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

public sealed class TelemetryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-telemetry-").FullName;

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);

    [Fact]
    public async Task With_a_collector_configured_the_hub_exports_its_counters_over_OTLP()
    {
        // A stand-in collector: an OTLP/HTTP endpoint on loopback that keeps what it is sent.
        var port = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new StringBuilder();
        var listening = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                var context = await collector.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (received) received.Append(Encoding.UTF8.GetString(body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        await using var hub = await ServiceProcess.StartHubAsync(new Dictionary<string, string?>
        {
            ["INBOX_SQLITE_PATH"] = Path.Combine(_directory, "inbox.db"),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var publisher = new HttpPublisher();
        await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("measured", "hello"));

        await Eventually.AssertAsync(() =>
        {
            lock (received) return received.ToString().Contains("vividly.notifications.published", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), "the collector receives the hub's publish counter");
        lock (received) Assert.Contains("vividly-hub", received.ToString(), StringComparison.Ordinal);
        collector.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => listening);
    }
}
