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
}
