namespace Vividly.Hub.Client.Contract;

/// <summary>The event names of the plain stream (<see cref="Routes.Stream"/>).</summary>
public static class StreamEvents
{
    public const string ConnectionEstablished = "connection.established";
    public const string Heartbeat = "heartbeat";
    public const string Notification = "notification";
    public const string InboxChanged = "inbox.changed";

    /// <summary>Seqs the client asked for were cleared or expired: <see cref="RemovedHistory"/>.</summary>
    public const string HistoryRemoved = "history.removed";

    /// <summary>The server ends the stream and wants the client back: <see cref="StreamReconnect"/>.</summary>
    public const string Reconnect = "reconnect";
}

/// <summary>The plain stream's first event; <see cref="LastSeq"/> is where its live notifications start.</summary>
public sealed record StreamEstablished(
    string ConnectionId,
    string UserId,
    string InstanceId,
    long LastSeq,
    int UnreadCount,
    string Message,
    DateTimeOffset Timestamp);

public sealed record StreamHeartbeat(DateTimeOffset Timestamp);

/// <summary>
/// The plain stream's last event before the server ends it. <see cref="Reason"/> is
/// <c>token_expired</c> (reconnect with a fresh token or ticket), <c>shutting_down</c>,
/// <c>slow_reader</c> or <c>silent</c>; in every case reconnect with <c>Last-Event-ID</c>.
/// </summary>
public sealed record StreamReconnect(string Reason, string Message, DateTimeOffset Timestamp);

/// <summary>Opens the plain stream once, within seconds: <c>?ticket=</c>.</summary>
public sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);
