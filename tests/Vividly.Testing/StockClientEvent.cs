using System.Text.Json;

namespace Vividly.Testing;

/// <summary>
/// One thing a stock client did or heard, stamped with <see cref="System.Diagnostics.Stopwatch"/>
/// time when the test learned of it. <see cref="Kind"/> is one of the <c>StockClientEvent.*</c> names.
/// </summary>
public sealed record StockClientEvent(string Kind, long At, long? Seq = null, string? ConnectionId = null, string? InstanceId = null, string? Error = null, int? Status = null)
{
    public const string TokenRequested = "token_requested";
    public const string Started = "started";
    public const string StartFailed = "start_failed";
    public const string Connected = "connected";
    public const string Notification = "notification";
    public const string Duplicate = "duplicate";
    public const string ResumeFailed = "resume_failed";
    public const string Reconnecting = "reconnecting";
    public const string Reconnected = "reconnected";
    public const string Closed = "closed";

    /// <summary>
    /// One JSON line a stock-client script wrote (tests/StockClients), heard at <paramref name="at"/>:
    /// the index of the client it speaks for and what happened; null for any other line.
    /// </summary>
    public static (int Client, StockClientEvent Event)? FromLine(string line, long at)
    {
        if (!line.StartsWith('{')) return null;
        using var json = JsonDocument.Parse(line);
        var e = json.RootElement;
        return (e.GetProperty("client").GetInt32(), new StockClientEvent(
            e.GetProperty("event").GetString()!,
            at,
            Seq: e.TryGetProperty("seq", out var seq) ? seq.GetInt64() : null,
            ConnectionId: Text(e, "connection_id"),
            InstanceId: Text(e, "instance_id"),
            Error: Text(e, "error"),
            Status: e.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : null));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
