using System.Diagnostics;
using System.Net.Http.Headers;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>The SSE stream of a hub process as a raw client sees it: keep-alives, and the end of a client that stays silent.</summary>
public sealed class KeepAliveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-keepalive-").FullName;

    private static HttpClient Http(ServiceProcess hub, string userId)
    {
        var http = new HttpClient { BaseAddress = hub.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Student(userId));
        return http;
    }

    [Fact]
    public async Task The_stream_carries_a_keep_alive_every_heartbeat_interval()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("SSE_HEARTBEAT_INTERVAL", "1")));
        using var http = Http(hub, "heartbeat");
        using var reader = await RawSse.OpenAsync(http, hub.BaseUrl);

        Assert.NotNull(await RawSse.ReadUntilAsync(reader, RawSse.IsConnectionEstablished, TimeSpan.FromSeconds(10)));
        Assert.NotNull(await RawSse.ReadUntilAsync(reader, line => line.Contains("\"type\":6", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        Assert.NotNull(await RawSse.ReadUntilAsync(reader, line => line.Contains("\"type\":6", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_client_silent_past_the_connection_timeout_is_closed()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("SSE_HEARTBEAT_INTERVAL", "1"), ("SSE_CONNECTION_TIMEOUT", "3")));
        using var http = Http(hub, "silent");
        using var reader = await RawSse.OpenAsync(http, hub.BaseUrl);
        var clock = Stopwatch.StartNew();

        // This client never sends a ping: the server ends its stream soon after 3 s of silence,
        // with a Close that lets it reconnect.
        var close = await RawSse.ReadUntilAsync(reader, RawSse.IsClose, TimeSpan.FromSeconds(20));
        Assert.NotNull(close);
        Assert.Contains("\"allowReconnect\":true", close, StringComparison.Ordinal);
        Assert.Null(await RawSse.ReadUntilAsync(reader, _ => true, TimeSpan.FromSeconds(5)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15));
        using var probe = new HubProbe();
        await Eventually.AssertAsync(async () => await probe.ActiveConnectionsAsync(hub.BaseUrl) == 0,
            TimeSpan.FromSeconds(5), "the hub no longer counts the silent connection");
    }

    [Fact]
    public async Task A_connection_whose_token_expires_is_closed_with_reconnecting_allowed()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("JWT_CLOCK_SKEW_SECONDS", "0")));
        using var http = new HttpClient { BaseAddress = hub.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Factory.Create("expiring", TimeSpan.FromSeconds(2)));
        using var reader = await RawSse.OpenAsync(http, hub.BaseUrl);

        var close = await RawSse.ReadUntilAsync(reader, RawSse.IsClose, TimeSpan.FromSeconds(20));
        Assert.NotNull(close);
        Assert.Contains("\"allowReconnect\":true", close, StringComparison.Ordinal);
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
