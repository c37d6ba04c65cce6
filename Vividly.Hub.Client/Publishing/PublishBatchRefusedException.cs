namespace Vividly.Hub.Client.Publishing;

/// <summary>
/// The hub answered a batch as a whole with <see cref="Status"/> and nothing of it was stored:
/// 400 or 413 (the batch itself is wrong), 401 or 403, 429 (the publisher's rate limit) or 503
/// (the store took none of it, or notifications are switched off). <see cref="Retryable"/> ones
/// (429, 503) are retried by the publish pipeline no sooner than <see cref="RetryAfter"/>.
/// </summary>
public sealed class PublishBatchRefusedException(int status, string detail, TimeSpan? retryAfter)
    : Exception($"The hub refused the batch with {status}: {detail}")
{
    public int Status { get; } = status;

    public string Detail { get; } = detail;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool Retryable => Status is 429 or 503;
}
