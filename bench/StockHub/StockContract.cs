using System.Text.Json.Nodes;

namespace StockHub;

/// <summary>The body of <c>POST /api/v1/notifications/publish</c>; an idempotency key, if sent, is ignored.</summary>
public sealed record PublishRequest(string? UserId, string? Type, string? Title, string? Message, string? Priority, JsonObject? Payload);

public sealed record PublishResult(string Id, long Seq);

/// <summary>What every connection of the user hears, under the event name <c>Notification</c>.</summary>
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

/// <summary>Sent once on connect, so a client knows it is registered before anything is published to it.</summary>
public sealed record ConnectionEstablished(string ConnectionId, string UserId);
