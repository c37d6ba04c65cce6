using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>A device that stops reading its stream costs only itself.</summary>
public sealed class SlowReaderTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-slow-").FullName;

    /// <summary>A client whose socket takes little before the server's writes to it back up.</summary>
    private static HttpClient StalledClient(Uri hub, string userId)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var http = new HttpClient(handler) { BaseAddress = hub, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student(userId));
        return http;
    }

    [Fact]
    public async Task A_reader_that_stops_reading_is_closed_and_holds_up_neither_the_publisher_nor_the_users_other_device()
    {
        await using var hub = await ServiceProcess.StartHubAsync(new Dictionary<string, string?>
        {
            ["INBOX_SQLITE_PATH"] = Path.Combine(_directory, "inbox.db"),
            ["SSE_SEND_BUFFER_MESSAGES"] = "16",
        });
        using var stalledHttp = StalledClient(hub.BaseUrl, "slow-reader");
        using var stalled = await RawStream.OpenAsync(stalledHttp);
        Assert.NotNull(await RawStream.ReadUntilAsync(stalled, line => line.Contains("ConnectionEstablished", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        // From here on the stalled device reads nothing.
        await using var phone = await Device.ConnectAsync(hub.BaseUrl, "slow-reader");
        await using var other = await Device.ConnectAsync(hub.BaseUrl, "another-student");

        using var publisher = new HttpPublisher();
        const int count = 400;
        var filler = new string('x', 12_000);
        var slowest = TimeSpan.Zero;
        for (var i = 1; i <= count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(hub.BaseUrl, new PublishRequest("slow-reader", NotificationTypes.SystemAnnouncement, $"n{i}", "message", null, new JsonObject { ["filler"] = filler }, null));
            if (i % 10 == 0) await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("another-student", $"o{i}"));
            var took = Stopwatch.GetElapsedTime(started);
            if (took > slowest) slowest = took;
        }
        output.WriteLine($"{count} publishes of 12 KB to a user with a stalled device: slowest answered in {slowest.TotalMilliseconds:0} ms");

        await phone.Got.CountAsync(count, seconds: 20);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), phone.Got.Notifications.Select(n => n.Seq));
        await other.Got.CountAsync(count / 10);

        using var admin = new HttpClient { BaseAddress = hub.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin());
        await Eventually.AssertAsync(async () =>
                (await admin.GetFromJsonAsync<JsonObject>("/api/v1/notifications/connections"))!["by_user"]!["slow-reader"]!.GetValue<int>() == 1,
            TimeSpan.FromSeconds(10), "the stalled connection was closed once its send buffer filled; the phone's stays");
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
