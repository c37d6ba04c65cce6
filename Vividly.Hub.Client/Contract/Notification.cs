using System.Text.Json.Nodes;

namespace Vividly.Hub.Client.Contract;

/// <summary>A stored notification. <see cref="Seq"/> is per user, starts at 1 and strictly increases.</summary>
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
    DateTimeOffset? ReadAt);
