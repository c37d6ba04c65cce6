using System.Diagnostics;
using System.Net.Http.Headers;
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
        // Thousands go to one user here, faster than a real publisher may.
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory,
            ("SSE_SEND_BUFFER_MESSAGES", "16"), ("RATE_LIMIT_PUBLISH_PER_USER_PER_SECOND", "100000"), ("RATE_LIMIT_PUBLISH_PER_USER_BURST", "100000")));
        using var stalledHttp = StalledClient(hub.BaseUrl, "slow-reader");
        using var stalled = await RawSse.OpenAsync(stalledHttp, hub.BaseUrl);
        Assert.NotNull(await RawSse.ReadUntilAsync(stalled, RawSse.IsConnectionEstablished, TimeSpan.FromSeconds(10)));
        // From here on the stalled device reads nothing.
        await using var phone = await Device.ConnectAsync(hub.BaseUrl, "slow-reader");
        await using var other = await Device.ConnectAsync(hub.BaseUrl, "another-student");

        using var publisher = new HttpPublisher();
        using var probe = new HubProbe();
        async Task<int> ConnectionsOfUserAsync() => (await probe.ConnectionsByUserAsync(hub.BaseUrl)).GetValueOrDefault("slow-reader");

        // Publish until the socket buffers between hub and stalled device are full, its outbox
        // overflows and SignalR has let the stuck transport go (its TransportSendTimeout, 10 s):
        // how much that takes depends on the kernel and the machine, so the test goes on till then.
        var filler = new string('x', 12_000);
        var published = 0;
        var slowest = TimeSpan.Zero;
        var deadline = Stopwatch.StartNew();
        while (await ConnectionsOfUserAsync() == 2)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(45), "the stalled connection is closed within 45 s of publishing");
            for (var i = 0; i < 50; i++)
            {
                published++;
                var started = Stopwatch.GetTimestamp();
                await publisher.PublishAsync(hub.BaseUrl, new PublishRequest("slow-reader", NotificationTypes.SystemAnnouncement, $"n{published}", "message", null, new JsonObject { ["filler"] = filler }, null));
                var took = Stopwatch.GetElapsedTime(started);
                if (took > slowest) slowest = took;
            }
            await publisher.PublishAsync(hub.BaseUrl, HttpPublisher.Request("another-student", $"o{published}"));
        }
        output.WriteLine($"stalled connection closed after {published} publishes of 12 KB in {deadline.Elapsed.TotalSeconds:0.0} s; slowest answered in {slowest.TotalMilliseconds:0} ms");

        // Nobody waited for it: the phone and the other user hold everything, in order.
        await phone.Got.CountAsync(published, seconds: 30);
        Assert.Equal(Enumerable.Range(1, published).Select(i => (long)i), phone.Got.Notifications.Select(n => n.Seq));
        await other.Got.CountAsync(published / 50);
        Assert.Equal(1, await ConnectionsOfUserAsync());
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
