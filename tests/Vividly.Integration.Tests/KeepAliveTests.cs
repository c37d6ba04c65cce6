using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>The SSE stream of a hub process as a raw client sees it: keep-alives, and the end of a client that stays silent.</summary>
public sealed class KeepAliveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-keepalive-").FullName;

    private const string Hub = "/api/v1/notifications/hub";
    private const char RecordSeparator = '\u001e';

    /// <summary>Negotiates, opens the stream and completes the handshake, answering the stream's reader.</summary>
    private static async Task<StreamReader> OpenStreamAsync(HttpClient http)
    {
        using var negotiate = await http.PostAsync($"{Hub}/negotiate?negotiateVersion=1", null);
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonObject>())!["connectionToken"]!.GetValue<string>();

        using var open = new HttpRequestMessage(HttpMethod.Get, $"{Hub}?id={token}");
        open.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var stream = await http.SendAsync(open, HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

        using var handshake = await http.PostAsync($"{Hub}?id={token}",
            new StringContent($$"""{"protocol":"json","version":1}{{RecordSeparator}}""", Encoding.UTF8, "text/plain"));
        handshake.EnsureSuccessStatusCode();
        return reader;
    }

    /// <summary>Reads SSE data lines until one satisfies <paramref name="match"/>; null when the stream ended first.</summary>
    private static async Task<string?> ReadUntilAsync(StreamReader reader, Func<string, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && match(line)) return line;
        }
        return null;
    }

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
        using var reader = await OpenStreamAsync(http);

        Assert.NotNull(await ReadUntilAsync(reader, line => line.Contains("\"target\":\"ConnectionEstablished\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        Assert.NotNull(await ReadUntilAsync(reader, line => line.Contains("\"type\":6", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        Assert.NotNull(await ReadUntilAsync(reader, line => line.Contains("\"type\":6", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_client_silent_past_the_connection_timeout_is_closed()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory, ("SSE_HEARTBEAT_INTERVAL", "1"), ("SSE_CONNECTION_TIMEOUT", "3")));
        using var http = Http(hub, "silent");
        using var reader = await OpenStreamAsync(http);
        var clock = Stopwatch.StartNew();

        // This client never sends a ping: the server ends its stream soon after 3 s of silence.
        Assert.Null(await ReadUntilAsync(reader, _ => false, TimeSpan.FromSeconds(20)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15));
        using var admin = new HttpClient { BaseAddress = hub.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin());
        await Eventually.AssertAsync(async () =>
                (await admin.GetFromJsonAsync<JsonObject>("/api/v1/notifications/connections"))!["active_connections"]!.GetValue<int>() == 0,
            TimeSpan.FromSeconds(5), "the hub no longer counts the silent connection");
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);
}
