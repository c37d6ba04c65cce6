using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.EventStream;

/// <summary>
/// Writes Server-Sent Events to one response, one whole event at a time and flushed, from
/// whichever task has one to send (the live pump, the heartbeat). After <see cref="EndAsync"/>
/// nothing more is written, so a pump that passes on its last messages late writes nothing.
/// </summary>
public sealed class SseWriter(Stream body, Action written) : IDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private bool _ended;

    /// <summary>Writes one event; false once the stream has ended.</summary>
    public async Task<bool> WriteAsync(string name, object data, long? id, CancellationToken cancellationToken, int? retryMs = null)
    {
        var bytes = Format(name, data, id, retryMs);
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (_ended) return false;
            await body.WriteAsync(bytes, cancellationToken);
            await body.FlushAsync(cancellationToken);
            written();
            return true;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Writes a last event, unless another write holds the stream past <paramref name="wait"/> (a
    /// reader that stopped reading), and ends it; false when the last event could not be written.
    /// </summary>
    public async Task<bool> EndAsync(string name, object data, TimeSpan wait)
    {
        using var bounded = new CancellationTokenSource(wait);
        try
        {
            await _turn.WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            _ended = true;
            return false;
        }
        try
        {
            if (_ended) return false;
            _ended = true;
            var bytes = Format(name, data, id: null, retryMs: null);
            await body.WriteAsync(bytes, bounded.Token);
            await body.FlushAsync(bounded.Token);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Ends the stream without a last event (the client left).</summary>
    public async Task EndQuietlyAsync()
    {
        await _turn.WaitAsync();
        _ended = true;
        _turn.Release();
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>One event: JSON holds no raw line break, so its data is one <c>data:</c> line.</summary>
    public static byte[] Format(string name, object data, long? id, int? retryMs)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        if (retryMs is { } retry) Append(buffer, $"retry: {retry.ToString(CultureInfo.InvariantCulture)}\n");
        Append(buffer, $"event: {name}\n");
        if (id is { } seq) Append(buffer, $"id: {seq.ToString(CultureInfo.InvariantCulture)}\n");
        Append(buffer, "data: ");
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ContractJson.Options.Encoder, MaxDepth = ContractJson.MaxDepth, SkipValidation = true }))
            JsonSerializer.Serialize(json, data, data.GetType(), ContractJson.Options);
        buffer.Write(Newline);
        buffer.Write(Newline);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Append(ArrayBufferWriter<byte> buffer, string text) => buffer.Write(Encoding.UTF8.GetBytes(text));
}
