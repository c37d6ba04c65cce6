using System.Text.Json.Nodes;

namespace Vividly.Hub.Client.Contract;

/// <summary>
/// A stored notification. <see cref="Seq"/> is per user, starts at 1 and strictly increases.
/// <see cref="ReadAt"/>, <see cref="ArchivedAt"/>, <see cref="SnoozedUntil"/> and <see cref="SeenAt"/>
/// are what the user did to it (<see cref="NotificationState"/>).
/// </summary>
public sealed record Notification(
    string Id,
    long Seq,
    string UserId,
    string Type,
    string Title,
    string Message,
    string Priority,
    JsonObject? Payload,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt,
    DateTimeOffset? ArchivedAt,
    DateTimeOffset? SnoozedUntil,
    DateTimeOffset? SeenAt);

/// <summary>
/// What the user did to one notification, as an action left it: <see cref="InboxChange.Updated"/>
/// carries one per notification the action touched, for clients to apply by id.
/// </summary>
public sealed record NotificationState(
    string Id,
    DateTimeOffset? ReadAt,
    DateTimeOffset? ArchivedAt,
    DateTimeOffset? SnoozedUntil,
    DateTimeOffset? SeenAt);
