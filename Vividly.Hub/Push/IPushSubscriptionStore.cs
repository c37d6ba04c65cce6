namespace Vividly.Hub.Push;

/// <summary>The <c>push_subscriptions</c> table: one row per endpoint, which belongs to the user who last subscribed it.</summary>
public interface IPushSubscriptionStore
{
    /// <summary>Stores <paramref name="subscription"/> for <paramref name="userId"/>, replacing what was stored for its endpoint; answers whether it is new.</summary>
    Task<bool> UpsertAsync(string userId, NewPushSubscription subscription, CancellationToken cancellationToken);

    /// <summary>The user's own unsubscribe: answers whether the user had that endpoint.</summary>
    Task<bool> DeleteAsync(string userId, string endpoint, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredPushSubscription>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The push service says the endpoint is gone: whoever it belonged to, it is removed.</summary>
    Task<bool> RemoveGoneAsync(string endpoint, CancellationToken cancellationToken);

    /// <summary>A message was taken: the failure count starts again.</summary>
    Task RecordSuccessAsync(string endpoint, CancellationToken cancellationToken);

    Task RecordFailureAsync(string endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the subscriptions past their <c>expirationTime</c>, and those neither sent again by
    /// their browser nor delivered to since <paramref name="inactiveBefore"/>; answers how many.
    /// </summary>
    Task<int> RemoveInactiveAsync(DateTimeOffset inactiveBefore, CancellationToken cancellationToken);
}
