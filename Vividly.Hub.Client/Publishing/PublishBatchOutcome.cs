using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Client.Publishing;

/// <summary>
/// What became of one request of a batch, in the batch's order. <see cref="Request"/> is the
/// request as sent, with the idempotency key the client gave it if it had none: publish it again
/// as it is and a retry cannot store it twice.
/// </summary>
public abstract record PublishBatchOutcome(PublishRequest Request)
{
    /// <summary>Stored now, or (<see cref="Duplicate"/>) before, under the same idempotency key.</summary>
    public sealed record Stored(PublishRequest Request, string Id, long Seq, bool Duplicate) : PublishBatchOutcome(Request);

    /// <summary>
    /// Not stored: <see cref="Status"/> is what a publish of its own would have been answered (400
    /// with <see cref="Errors"/> by field, 429, 503). A <see cref="Retryable"/> one may be published
    /// again after <see cref="RetryAfter"/>; a 503 may have been stored meanwhile, which its key shows.
    /// </summary>
    public sealed record Failed(
        PublishRequest Request, int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]> Errors, bool Retryable, TimeSpan? RetryAfter)
        : PublishBatchOutcome(Request);
}
