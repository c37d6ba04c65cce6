using Vividly.Hub.Client.Contract;
using Vividly.Hub.Live;

namespace Vividly.Hub.Inbox;

/// <summary>
/// Read-state changes, from the hub or REST alike: change the store, then tell every connection
/// of the user, on every instance, with the true unread count, so all devices show one badge.
/// </summary>
public sealed class InboxChanges(IInboxStore store, LiveDelivery delivery)
{
    public const int MaxIdsPerCall = 500;

    public async Task<int> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var changed = await store.MarkReadAsync(userId, ids, cancellationToken);
        return await AnnounceAsync(userId, changed, allRead: false, cleared: false, changed.Count > 0, cancellationToken);
    }

    public async Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken)
    {
        var changed = await store.MarkAllReadAsync(userId, cancellationToken);
        return await AnnounceAsync(userId, [], allRead: true, cleared: false, changed > 0, cancellationToken);
    }

    public async Task<int> ClearAsync(string userId, CancellationToken cancellationToken)
    {
        await store.ClearAsync(userId, cancellationToken);
        return await AnnounceAsync(userId, [], allRead: false, cleared: true, changed: true, cancellationToken);
    }

    private async Task<int> AnnounceAsync(string userId, IReadOnlyList<string> readIds, bool allRead, bool cleared, bool changed, CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(userId, cancellationToken);
        if (!changed) return state.UnreadCount;
        // The change is stored; a device that misses this reads the true count when it next connects.
        await delivery.SendAsync(new LiveEvent(userId, InboxChange: new InboxChange(readIds, allRead, cleared, state.UnreadCount)));
        return state.UnreadCount;
    }
}
