namespace Vividly.Hub.Client.Contract;

public sealed record ConnectionInfo(
    string ConnectionId,
    string UserId,
    string InstanceId,
    long LastSeq,
    int UnreadCount,
    DateTimeOffset ServerTime);

/// <summary>
/// The inbox changed on another connection or over REST. <see cref="ReadIds"/> names what was
/// marked read, <see cref="Updated"/> the new state of every notification the change touched
/// (read ones included), which clients apply by id.
/// </summary>
public sealed record InboxChange(
    IReadOnlyList<string> ReadIds,
    bool AllRead,
    bool Cleared,
    int UnreadCount,
    IReadOnlyList<NotificationState> Updated);

public sealed record ResumeRequest(string Reason);
