using System.Text.Json.Nodes;

namespace Vividly.Hub.Client.Contract;

/// <summary>
/// A request to notify one user. Publishing the same <see cref="IdempotencyKey"/> for the same
/// user again answers the first result with <see cref="PublishResult.Duplicate"/> set and sends nothing.
/// </summary>
public sealed record PublishRequest(
    string UserId,
    string Type,
    string Title,
    string Message,
    string? Priority = null,
    JsonObject? Payload = null,
    string? IdempotencyKey = null);

public sealed record PublishResult(string Id, long Seq, bool Duplicate);
