namespace Vividly.Hub.Client.Contract;

public sealed record ConnectionInfo(
    string ConnectionId,
    string UserId,
    string InstanceId,
    long LastSeq,
    int UnreadCount,
    DateTimeOffset ServerTime);

/// <summary>Read state changed on another connection or over REST.</summary>
public sealed record InboxChange(
    IReadOnlyList<string> ReadIds,
    bool AllRead,
    bool Cleared,
    int UnreadCount);

public sealed record ResumeRequest(string Reason);
