using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Integration.Tests;

/// <summary>
/// The hub's SSE transport step by step over plain HTTP, as SignalR's clients speak it, so a test
/// can stop anywhere along the way: negotiate, open the stream, send the handshake, stop.
/// </summary>
public static class RawSse
{
    private const char RecordSeparator = '\u001e';

    /// <summary>POSTs negotiate; answers its status and, when accepted, the connection token.</summary>
    public static async Task<(HttpStatusCode Status, string? Token)> NegotiateAsync(HttpClient http, Uri hub, CancellationToken cancellationToken = default)
    {
        using var negotiate = await http.PostAsync(new Uri(hub, $"{HubMethods.HubPath}/negotiate?negotiateVersion=1"), null, cancellationToken);
        if (!negotiate.IsSuccessStatusCode) return (negotiate.StatusCode, null);
        var body = await negotiate.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return (negotiate.StatusCode, body!["connectionToken"]!.GetValue<string>());
    }

    /// <summary>GETs the event stream of a negotiated connection; disposing the answer drops the stream.</summary>
    public static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient http, Uri hub, string token, CancellationToken cancellationToken = default)
    {
        using var open = new HttpRequestMessage(HttpMethod.Get, Connection(hub, token));
        open.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var stream = await http.SendAsync(open, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        stream.EnsureSuccessStatusCode();
        return stream;
    }

    public static async Task HandshakeAsync(HttpClient http, Uri hub, string token, CancellationToken cancellationToken = default)
    {
        using var handshake = await http.PostAsync(Connection(hub, token),
            new StringContent($$"""{"protocol":"json","version":1}{{RecordSeparator}}""", Encoding.UTF8, "text/plain"), cancellationToken);
        handshake.EnsureSuccessStatusCode();
    }

    /// <summary>DELETE on the connection: how SignalR's clients stop an SSE connection.</summary>
    public static async Task StopAsync(HttpClient http, Uri hub, string token, CancellationToken cancellationToken = default)
    {
        using var _ = await http.DeleteAsync(Connection(hub, token), cancellationToken);
    }

    /// <summary>Negotiates, opens the stream and completes the handshake, answering the stream's reader.</summary>
    public static async Task<StreamReader> OpenAsync(HttpClient http, Uri hub)
    {
        var (status, token) = await NegotiateAsync(http, hub);
        if (token is null) throw new HttpRequestException($"negotiate answered {(int)status}", null, status);
        var stream = await OpenStreamAsync(http, hub, token);
        var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        await HandshakeAsync(http, hub, token);
        return reader;
    }

    /// <summary>Reads SSE data lines until one satisfies <paramref name="match"/>; null when the stream ended first.</summary>
    public static async Task<string?> ReadUntilAsync(StreamReader reader, Func<string, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && match(line)) return line;
        }
        return null;
    }

    public static bool IsConnectionEstablished(string line) => line.Contains($"\"target\":\"{HubMethods.ConnectionEstablished}\"", StringComparison.Ordinal);

    /// <summary>SignalR's Close message; the stock clients reconnect only when it allows it.</summary>
    public static bool IsClose(string line) => line.Contains("\"type\":7", StringComparison.Ordinal);

    private static Uri Connection(Uri hub, string token) => new(hub, $"{HubMethods.HubPath}?id={Uri.EscapeDataString(token)}");
}
