using Vividly.Hub.Inbox;

namespace Vividly.Hub.Push;

/// <summary>
/// The subscription store under the inbox's guard: the same database, so the same bound, pending
/// count and availability, and a stall answers 503 (<see cref="StoreUnavailableException"/>) rather than hanging.
/// </summary>
public sealed class GuardedPushSubscriptionStore([FromKeyedServices(GuardedInboxStore.Unguarded)] IPushSubscriptionStore store, GuardedInboxStore guard)
    : IPushSubscriptionStore
{
    public Task<bool> UpsertAsync(string userId, NewPushSubscription subscription, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => store.UpsertAsync(userId, subscription, ct), cancellationToken);

    public Task<bool> DeleteAsync(string userId, string endpoint, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => store.DeleteAsync(userId, endpoint, ct), cancellationToken);

    public Task<IReadOnlyList<StoredPushSubscription>> ListAsync(string userId, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => store.ListAsync(userId, ct), cancellationToken);

    public Task<bool> RemoveGoneAsync(string endpoint, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => store.RemoveGoneAsync(endpoint, ct), cancellationToken);

    public Task RecordSuccessAsync(string endpoint, CancellationToken cancellationToken) =>
        guard.RunAsync(async ct =>
        {
            await store.RecordSuccessAsync(endpoint, ct);
            return true;
        }, cancellationToken);

    public Task RecordFailureAsync(string endpoint, CancellationToken cancellationToken) =>
        guard.RunAsync(async ct =>
        {
            await store.RecordFailureAsync(endpoint, ct);
            return true;
        }, cancellationToken);

    public Task<int> RemoveInactiveAsync(DateTimeOffset inactiveBefore, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => store.RemoveInactiveAsync(inactiveBefore, ct), cancellationToken);
}
