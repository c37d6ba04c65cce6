using Vividly.Hub.Client.Contract;
using Vividly.Hub.Live;

namespace Vividly.Hub.Inbox;

/// <summary>
/// What the user does to their inbox, from the hub or REST alike: change the store, then tell
/// every connection of the user, on every instance, the new state of what changed
/// (<see cref="InboxChange.Updated"/>) with the true unread count, so all devices show one inbox.
/// Each answers that unread count.
/// </summary>
public sealed class InboxChanges(IInboxStore store, LiveDelivery delivery)
{
    public const int MaxIdsPerCall = 500;

    /// <summary>How many ids one "seen" call takes.</summary>
    public const int MaxSeenIdsPerCall = 100;

    public async Task<int> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await AnnounceReadAsync(userId, await store.MarkReadAsync(userId, ids, cancellationToken), allRead: false, cancellationToken);

    public async Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
        await AnnounceReadAsync(userId, await store.MarkAllReadAsync(userId, cancellationToken), allRead: true, cancellationToken);

    public async Task<int> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await AnnounceAsync(userId, await store.MarkUnreadAsync(userId, ids, cancellationToken), cancellationToken);

    public async Task<int> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await AnnounceAsync(userId, await store.ArchiveAsync(userId, ids, cancellationToken), cancellationToken);

    public async Task<int> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await AnnounceAsync(userId, await store.UnarchiveAsync(userId, ids, cancellationToken), cancellationToken);

    public async Task<int> ArchiveReadAsync(string userId, CancellationToken cancellationToken) =>
        await AnnounceAsync(userId, await store.ArchiveReadAsync(userId, cancellationToken), cancellationToken);

    public async Task<int> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        await AnnounceAsync(userId, await store.SnoozeAsync(userId, ids, until, cancellationToken), cancellationToken);

    public async Task<int> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await AnnounceAsync(userId, await store.UnsnoozeAsync(userId, ids, cancellationToken), cancellationToken);

    public async Task<int> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        await AnnounceAsync(userId, await store.MarkSeenAsync(userId, ids, cancellationToken), cancellationToken);

    /// <summary>Null when the user has no notification of that request.</summary>
    public async Task<int?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken) =>
        await store.MarkRequestReadAsync(userId, contentRequestId, archive, cancellationToken) is { } changed
            ? await AnnounceReadAsync(userId, changed, allRead: false, cancellationToken)
            : null;

    public async Task<int> ClearAsync(string userId, CancellationToken cancellationToken)
    {
        await store.ClearAsync(userId, cancellationToken);
        return await AnnounceAsync(userId, new InboxChange([], AllRead: false, Cleared: true, UnreadCount: 0, Updated: []), changed: true, cancellationToken);
    }

    /// <summary>A change that marked read: its ids go in <see cref="InboxChange.ReadIds"/> too, which clients that predate <c>updated</c> apply.</summary>
    private Task<int> AnnounceReadAsync(string userId, IReadOnlyList<NotificationState> updated, bool allRead, CancellationToken cancellationToken) =>
        AnnounceAsync(userId, new InboxChange([.. updated.Select(state => state.Id)], allRead, Cleared: false, UnreadCount: 0, updated),
            changed: updated.Count > 0, cancellationToken);

    /// <summary>Tells the user's connections of a change made to the store elsewhere (a background job); answers the unread count.</summary>
    public Task<int> AnnounceAsync(string userId, IReadOnlyList<NotificationState> updated, CancellationToken cancellationToken) =>
        AnnounceAsync(userId, new InboxChange([], AllRead: false, Cleared: false, UnreadCount: 0, updated), changed: updated.Count > 0, cancellationToken);

    private async Task<int> AnnounceAsync(string userId, InboxChange change, bool changed, CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(userId, cancellationToken);
        if (!changed) return state.UnreadCount;
        // The change is stored; a device that misses this reads the true state when it next connects.
        await delivery.SendAsync(new LiveEvent(userId, InboxChange: change with { UnreadCount = state.UnreadCount }));
        return state.UnreadCount;
    }
}
