using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace Vividly.Testing;

/// <summary>
/// The hub's plain stream read over raw HTTP with .NET's own SSE parser: one connection, no
/// reconnecting, so a test sees exactly what one response carried.
/// </summary>
public sealed class PlainStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _items;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>A read still under way: one that timed out goes on, and the next call waits for it.</summary>
    private Task<bool>? _pending;

    private PlainStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _items = SseParser.Create(body).EnumerateAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream; throws unless it answers 200 with <c>text/event-stream</c>.</summary>
    public static async Task<PlainStreamReader> OpenAsync(HttpClient http, Uri url, string? token, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new HttpRequestException($"The stream answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }
        return new PlainStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, heartbeats included; null once the server ended the stream.</summary>
    public async Task<SseItem<string>?> NextAsync(TimeSpan timeout)
    {
        var next = _pending ??= _items.MoveNextAsync().AsTask();
        if (await Task.WhenAny(next, Task.Delay(timeout)) != next)
            throw new TimeoutException($"No event within {timeout.TotalSeconds} s.");
        _pending = null;
        return await next ? _items.Current : null;
    }

    /// <summary>The next event that is not a heartbeat; null once the server ended the stream.</summary>
    public async Task<SseItem<string>?> NextBesidesHeartbeatsAsync(TimeSpan timeout)
    {
        while (await NextAsync(timeout) is { } item)
            if (item.EventType != "heartbeat") return item;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            if (_pending is not null) await _pending;
            await _items.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The response is gone, as meant.
        }
        _stop.Dispose();
    }
}
