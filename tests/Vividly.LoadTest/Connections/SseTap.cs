using System.Buffers;
using System.Text.Json;
using Vividly.LoadTest.Metrics;
using Vividly.LoadTest.Publishing;

namespace Vividly.LoadTest.Connections;

/// <summary>
/// Reads one event stream as SignalR's JSON protocol writes it over SSE (<c>data:</c> lines, a
/// blank line per event, records ending in 0x1E) and reports each live <c>Notification</c> push of
/// this run, before the client's seq tracking drops duplicates: a seq pushed twice to one
/// connection shows here and nowhere else.
/// </summary>
internal sealed class SseTap(string runId, ConnectionTally tally, RunCounters counters)
{
    private const byte RecordSeparator = 0x1E;

    private readonly ArrayBufferWriter<byte> _line = new(256);
    private readonly ArrayBufferWriter<byte> _data = new(256);

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _line.Write(bytes);
                return;
            }
            _line.Write(bytes[..newline]);
            bytes = bytes[(newline + 1)..];
            OnLine(_line.WrittenSpan.TrimEnd((byte)'\r'));
            _line.ResetWrittenCount();
        }
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            OnEvent(_data.WrittenSpan);
            _data.ResetWrittenCount();
            return;
        }
        if (!line.StartsWith("data:"u8)) return;
        var value = line["data:".Length..];
        if (value.StartsWith(" "u8)) value = value[1..];
        if (_data.WrittenCount > 0) _data.Write("\n"u8);
        _data.Write(value);
    }

    private void OnEvent(ReadOnlySpan<byte> data)
    {
        foreach (var range in data.Split(RecordSeparator))
        {
            var record = data[range];
            if (record.IndexOf("\"target\":\"Notification\""u8) >= 0) OnNotification(record);
        }
    }

    private void OnNotification(ReadOnlySpan<byte> record)
    {
        try
        {
            var reader = new Utf8JsonReader(record);
            using var message = JsonDocument.ParseValue(ref reader);
            var notification = message.RootElement.GetProperty("arguments")[0];
            if (LoadPayload.BelongsTo(notification, runId)) tally.Pushed(notification.GetProperty("seq").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            counters.TapFailed(ex);
        }
    }
}
