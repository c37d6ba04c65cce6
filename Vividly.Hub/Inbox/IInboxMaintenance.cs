using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>
/// What the background jobs change in every inbox at once. Implemented by the stores themselves,
/// outside <see cref="GuardedInboxStore"/>: these answer no caller and may rightly run long, so
/// the command timeout bounds them and a failed run is retried on the job's next tick.
/// </summary>
public interface IInboxMaintenance
{
    /// <summary>
    /// Returns up to <paramref name="limit"/> notifications whose snooze ended at or before
    /// <paramref name="dueBy"/> to their inboxes: each loses its <c>snoozed_until</c> and moves to
    /// its user's next seq, under the user's row lock as an append, keeping its id, creation time
    /// and read state. Answers them as moved, in the order they took their seqs. An archived one
    /// only loses its <c>snoozed_until</c>: it stays where it is and is not answered.
    /// </summary>
    Task<IReadOnlyList<Notification>> ReturnSnoozedAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Archives up to <paramref name="limit"/> notifications, of any user, read before
    /// <paramref name="readBefore"/> that are neither archived nor snoozed; answers their new state.
    /// </summary>
    Task<IReadOnlyList<ArchivedNotification>> ArchiveReadBeforeAsync(DateTimeOffset readBefore, int limit, CancellationToken cancellationToken);
}

public sealed record ArchivedNotification(string UserId, NotificationState State);
