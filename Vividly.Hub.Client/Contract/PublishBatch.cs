using System.Text.Json.Serialization;

namespace Vividly.Hub.Client.Contract;

/// <summary>
/// Several publishes in one call (<c>POST /api/v1/notifications/publish/batch</c>): each request
/// is checked, counted against the limits, stored and answered on its own, in order.
/// </summary>
public sealed record PublishBatchRequest(IReadOnlyList<PublishRequest> Requests)
{
    /// <summary>The most requests one batch may hold.</summary>
    public const int MaxRequests = 100;
}

/// <summary>One entry per request of the batch, in the batch's order.</summary>
public sealed record PublishBatchResult(IReadOnlyList<PublishBatchItem> Results);

/// <summary>
/// What became of one request: stored, or answered before (<see cref="Id"/>, <see cref="Seq"/>,
/// <see cref="Duplicate"/>, as <see cref="PublishResult"/>), or not stored (<see cref="Error"/>).
/// The fields of the other case are left out of the JSON.
/// </summary>
public sealed record PublishBatchItem(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Seq = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Duplicate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PublishProblem? Error = null);

/// <summary>
/// Why one request of a batch was not stored, as a problem-details object (RFC 9457) with the
/// status a publish of its own would have been answered with: 400 with <see cref="Errors"/> by
/// field, 429 for the per-user limit, 503 when the store did not answer. <see cref="Retryable"/>
/// requests may be sent again (with the same idempotency key) after <see cref="RetryAfter"/> seconds.
/// </summary>
public sealed record PublishProblem(
    int Status,
    string Title,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null,
    bool Retryable = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfter = null);
