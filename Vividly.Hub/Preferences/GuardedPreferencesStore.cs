using Vividly.Hub.Inbox;

namespace Vividly.Hub.Preferences;

/// <summary>
/// The preferences store under the inbox's guard: the same database, so the same bound, pending
/// count and availability, and a stall answers 503 (<see cref="StoreUnavailableException"/>) rather than hanging.
/// </summary>
public sealed class GuardedPreferencesStore([FromKeyedServices(GuardedInboxStore.Unguarded)] IPreferencesStore store, GuardedInboxStore guard)
    : IPreferencesStore
{
    public Task<StoredPreferences?> GetAsync(string userId, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => store.GetAsync(userId, ct), cancellationToken);

    public Task<DateTimeOffset> PutAsync(string userId, UserPreferences settings, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => store.PutAsync(userId, settings, ct), cancellationToken);
}
