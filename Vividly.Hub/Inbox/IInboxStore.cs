using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The inbox, the source of truth for delivery. <see cref="AppendAsync"/> gives each user's
/// notifications a seq that starts at 1 and strictly increases with no two publishes sharing
/// one, and becomes visible to readers in seq order, so a reader that has seen seq N has seen
/// everything kept below it. An idempotency key is honoured for as long as it is kept, even
/// after the notification itself was cleared.
/// </summary>
public interface IInboxStore
{
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a notification under the user's next seq. Once it commits the inbox holds at most
    /// <c>INBOX_MAX_PER_USER</c>: the oldest are removed and remembered as retention removes them.
    /// Appends started one after another, before any is awaited, are stored in the order they
    /// were started (both stores queue them for one writer), so a caller may start a user's
    /// notifications all at once and their seqs still follow its order.
    /// </summary>
    Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken);

    /// <summary>The user's notifications with seq above <paramref name="afterSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken);

    Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken);

    /// <summary>A page of the inbox, newest first.</summary>
    Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken);

    // The user's actions on their own notifications. Each changes only what is not in the asked
    // state already, ignores ids that are not the user's, and answers the new state of every
    // notification it changed, for the change to be announced.

    Task<IReadOnlyList<NotificationState>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Every unread notification of the user, whatever its view.</summary>
    Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Leaves read state alone.</summary>
    Task<IReadOnlyList<NotificationState>> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationState>> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Archives every read notification of the inbox view.</summary>
    Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Takes the notifications out of the inbox view until <paramref name="until"/>; a snoozed one takes the new time.</summary>
    Task<IReadOnlyList<NotificationState>> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Back to the inbox view now, keeping seq (unlike a snooze that runs out).</summary>
    Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationState>> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Marks every notification of the content request read, and archived when <paramref name="archive"/>.
    /// Null when the user has none of that request.
    /// </summary>
    Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken);

    /// <summary>Removes every notification of the user; seqs and idempotency keys go on.</summary>
    Task<int> ClearAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes notifications created before <paramref name="olderThan"/> and all but the newest
    /// <paramref name="keepPerUser"/> of each user, and idempotency keys older than the cutoff.
    /// Seqs go on; the removed range is remembered per user. Answers how many notifications went.
    /// </summary>
    Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string userId, string id, CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);
}
