using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>The plain stream of a hub process, read by curl and by a raw HTTP reader.</summary>
public sealed class PlainStreamTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-plain-").FullName;

    [Fact]
    public async Task Curl_N_with_a_bearer_token_reads_the_events_the_deployment_guide_shows()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("SSE_HEARTBEAT_INTERVAL", "1")));
        var lines = new ConcurrentQueue<string>();
        var curl = RequiredTool.Find("curl", "curl", "/usr/bin/curl");
        await using var reader = TestProcess.Start(curl, _directory,
            ["-sS", "-N", "-D", "-", "-H", $"Authorization: Bearer {TestTokens.Student("curl")}", new Uri(hub.BaseUrl, Routes.Stream).ToString()],
            new Dictionary<string, string?>(), "curl", lines.Enqueue);
        await Eventually.AssertAsync(() => lines.Contains("event: connection.established"), Wait, "curl shows connection.established");

        using var publisher = new HttpPublisher();
        await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("curl", "hello"));
        await Eventually.AssertAsync(() => lines.Contains("event: notification") && lines.Contains("event: heartbeat"), Wait,
            $"curl shows a notification and a heartbeat:\n{string.Join('\n', lines)}");

        var all = lines.ToList();
        output.WriteLine(string.Join('\n', all));
        Assert.StartsWith("HTTP/1.1 200", all[0], StringComparison.Ordinal);
        Assert.Contains(all, line => line.Equals("Content-Type: text/event-stream", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(all, line => line.Equals("Cache-Control: no-cache", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(all, line => line.Equals("X-Accel-Buffering: no", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(all, line => line.StartsWith("retry: ", StringComparison.Ordinal));
        var established = JsonNode.Parse(all[all.IndexOf("event: connection.established") + 2]["data: ".Length..])!.AsObject();
        Assert.Equal(["connection_id", "user_id", "instance_id", "last_seq", "unread_count", "message", "timestamp"], established.Select(p => p.Key));
        var notification = all.IndexOf("event: notification");
        Assert.Equal("id: 1", all[notification + 1]);
        Assert.Equal("hello", JsonNode.Parse(all[notification + 2]["data: ".Length..])!["title"]!.GetValue<string>());
        var heartbeat = all.IndexOf("event: heartbeat");
        Assert.Matches("""^data: \{"timestamp":"[0-9T:.-]+Z"\}$""", all[heartbeat + 1]);
        Assert.Equal("", all[heartbeat + 2]);
    }

    [Fact]
    public async Task A_reader_back_with_Last_Event_ID_gets_what_was_published_while_it_was_away_once_each_then_live()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("SSE_MAX_BACKLOG_MESSAGES", "3")));
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var token = TestTokens.Student("away");
        var url = new Uri(hub.BaseUrl, Routes.Stream);
        using var publisher = new HttpPublisher();
        string? lastEventId;
        await using (var first = await PlainStreamReader.OpenAsync(http, url, token))
        {
            await first.NextAsync(Wait);
            await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("away", "n1"));
            lastEventId = (await first.NextBesidesHeartbeatsAsync(Wait))!.Value.EventId;
        }
        Assert.Equal("1", lastEventId);

        // Away: more than two replay pages' worth.
        for (var i = 2; i <= 8; i++) await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("away", $"n{i}"));
        await using var back = await PlainStreamReader.OpenAsync(http, url, token, lastEventId);
        await back.NextAsync(Wait);
        var seqs = new List<long>();
        var live = publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("away", "n9"));
        while (seqs.Count < 8)
            seqs.Add(JsonNode.Parse((await back.NextBesidesHeartbeatsAsync(Wait))!.Value.Data)!["seq"]!.GetValue<long>());
        await live;

        Assert.Equal(Enumerable.Range(2, 8).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task A_reader_that_stops_reading_is_closed_and_holds_up_nobody()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory,
            ("SSE_SEND_BUFFER_MESSAGES", "16"), ("RATE_LIMIT_PUBLISH_PER_USER_PER_SECOND", "100000"), ("RATE_LIMIT_PUBLISH_PER_USER_BURST", "100000")));
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var stalledHttp = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        await using var stalled = await PlainStreamReader.OpenAsync(stalledHttp, new Uri(hub.BaseUrl, Routes.Stream), TestTokens.Student("slow-stream"));
        await stalled.NextAsync(Wait);
        // From here on it reads nothing, while the same user's other stream reads everything.
        using var phoneHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var phone = await PlainStreamReader.OpenAsync(phoneHttp, new Uri(hub.BaseUrl, Routes.Stream), TestTokens.Student("slow-stream"));
        await phone.NextAsync(Wait);
        var phoneSeqs = new List<long>();
        var phoneReading = Task.Run(async () =>
        {
            while (await phone.NextBesidesHeartbeatsAsync(TimeSpan.FromSeconds(60)) is { } item)
                if (item.EventType == StreamEvents.Notification) lock (phoneSeqs) phoneSeqs.Add(long.Parse(item.EventId!, System.Globalization.CultureInfo.InvariantCulture));
        }, TestContext.Current.CancellationToken);

        using var publisher = new HttpPublisher();
        using var probe = new HubProbe();
        var filler = new string('x', 12_000);
        var published = 0;
        var clock = Stopwatch.StartNew();
        while ((await probe.ConnectionsByUserAsync(hub.BaseUrl)).GetValueOrDefault("slow-stream") == 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), "the stalled stream is closed within 45 s of publishing");
            for (var i = 0; i < 50; i++)
                await publisher.PublishAsync(hub.BaseUrl, new PublishRequest("slow-stream", NotificationTypes.SystemAnnouncement, $"n{++published}", "m", null,
                    new JsonObject { ["filler"] = filler }, null));
        }
        output.WriteLine($"stalled stream closed after {published} publishes of 12 KB in {clock.Elapsed.TotalSeconds:0.0} s");

        await Eventually.AssertAsync(() => { lock (phoneSeqs) return phoneSeqs.Count == published; }, TimeSpan.FromSeconds(30),
            "the reading stream holds every notification");
        lock (phoneSeqs) Assert.Equal(Enumerable.Range(1, published).Select(i => (long)i), phoneSeqs);
        Assert.False(phoneReading.IsFaulted);
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
