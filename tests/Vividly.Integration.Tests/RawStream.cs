using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Vividly.Integration.Tests;

/// <summary>The hub's SSE stream as a raw client (curl, say) sees it: negotiate, open, handshake, then lines.</summary>
public static class RawStream
{
    public const string Hub = "/api/v1/notifications/hub";
    private const char RecordSeparator = '\u001e';

    /// <summary>Negotiates, opens the stream and completes the handshake, answering the stream's reader.</summary>
    public static async Task<StreamReader> OpenAsync(HttpClient http)
    {
        using var negotiate = await http.PostAsync($"{Hub}/negotiate?negotiateVersion=1", null);
        negotiate.EnsureSuccessStatusCode();
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
    public static async Task<string?> ReadUntilAsync(StreamReader reader, Func<string, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && match(line)) return line;
        }
        return null;
    }

    /// <summary>SignalR's Close message; the stock clients reconnect only when it allows it.</summary>
    public static bool IsClose(string line) => line.Contains("\"type\":7", StringComparison.Ordinal);
}
