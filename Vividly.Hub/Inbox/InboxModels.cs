using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>A validated publish, ready to store.</summary>
public sealed record NewNotification(
    string UserId,
    string Type,
    string Title,
    string Message,
    string Priority,
    JsonObject? Payload,
    string? IdempotencyKey)
{
    /// <summary>The request it belongs to, stored beside it so a request can be acted on whole; null unless the payload names one well.</summary>
    public string? ContentRequestId => ContentRequestIds.Of(Payload);

    /// <summary>
    /// Whether the append also puts it in the outbox for email and push. Off when neither channel
    /// is configured: routing then could only record skips, at a cost on every publish.
    /// </summary>
    public bool Routed { get; init; } = true;
}

/// <summary><see cref="Created"/> is null when the idempotency key was seen before.</summary>
public sealed record AppendResult(string Id, long Seq, Notification? Created)
{
    public bool Duplicate => Created is null;
}

/// <param name="RemovedThroughSeq">Seqs at or below this were cleared or expired and will never be read again.</param>
public sealed record InboxState(long LastSeq, int UnreadCount, long RemovedThroughSeq);

public sealed record InboxQuery(long? AfterSeq, long? BeforeSeq, int Limit, InboxView View = InboxView.Inbox);

/// <summary>Which notifications a listing holds (<see cref="InboxViews"/> names them on the wire).</summary>
public enum InboxView
{
    /// <summary>Neither archived nor snoozed.</summary>
    Inbox,

    /// <summary>The inbox view's unread notifications.</summary>
    Unread,

    /// <summary>Archived, whatever else.</summary>
    Archived,

    /// <summary>Snoozed and not archived.</summary>
    Snoozed,
}
