namespace Vividly.Hub.Inbox;

/// <summary>Why a store operation was not carried out, or not known to be.</summary>
public enum StoreFailure
{
    /// <summary>The store did not answer within <c>STORE_TIMEOUT_MS</c>.</summary>
    TimedOut,

    /// <summary><c>STORE_MAX_PENDING</c> operations were already waiting, or the store is known not to answer; this one never started.</summary>
    Refused,

    /// <summary>The connection to the database failed or the database was busy.</summary>
    Unreachable,
}

/// <summary>
/// The store could not answer in time: answered 503 with <c>Retry-After</c> over HTTP and a
/// retryable <see cref="Microsoft.AspNetCore.SignalR.HubException"/> over the hub, never 500.
/// </summary>
public sealed class StoreUnavailableException(StoreFailure failure, string message, int retryAfterSeconds, Exception? inner = null)
    : Exception(message, inner)
{
    public StoreFailure Failure { get; } = failure;

    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
