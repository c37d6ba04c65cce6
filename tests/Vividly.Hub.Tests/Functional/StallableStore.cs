using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Functional;

/// <summary>
/// The real store behind a switch that freezes it as SIGSTOP freezes a database: while stalled
/// every operation waits, deaf to cancellation, and goes through once <see cref="Resume"/> is called.
/// </summary>
public sealed class StallableStore(SqliteInboxStore store) : IInboxStore, IInboxMaintenance, IAsyncDisposable
{
    private volatile TaskCompletionSource _running = Running();
    private volatile TaskCompletionSource _userRunning = Running();
    private volatile string? _stalledUser;

    public void Stall() => _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Freezes only the appends for one user, as a row lock held elsewhere would.</summary>
    public void StallAppendsFor(string userId)
    {
        _userRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _stalledUser = userId;
    }

    public void Resume()
    {
        _running.TrySetResult();
        _userRunning.TrySetResult();
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public async Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken)
    {
        await _running.Task;
        if (notification.UserId == _stalledUser) await _userRunning.Task;
        return await store.AppendAsync(notification, CancellationToken.None);
    }

    public async Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ReadAfterAsync(userId, afterSeq, limit, CancellationToken.None);
    }

    public async Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.GetStateAsync(userId, CancellationToken.None);
    }

    public async Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ListAsync(userId, query, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.MarkReadAsync(userId, ids, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(string userId, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.MarkAllReadAsync(userId, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.MarkUnreadAsync(userId, ids, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ArchiveAsync(userId, ids, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.UnarchiveAsync(userId, ids, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(string userId, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ArchiveReadAsync(userId, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.SnoozeAsync(userId, ids, until, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.UnsnoozeAsync(userId, ids, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.MarkSeenAsync(userId, ids, CancellationToken.None);
    }

    public async Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.MarkRequestReadAsync(userId, contentRequestId, archive, CancellationToken.None);
    }

    public async Task<int> ClearAsync(string userId, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ClearAsync(userId, CancellationToken.None);
    }

    public async Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.RemoveExpiredAsync(olderThan, keepPerUser, CancellationToken.None);
    }

    public async Task<IReadOnlyList<Notification>> ReturnSnoozedAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ReturnSnoozedAsync(dueBy, limit, CancellationToken.None);
    }

    public async Task<IReadOnlyList<ArchivedNotification>> ArchiveReadBeforeAsync(DateTimeOffset readBefore, int limit, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ArchiveReadBeforeAsync(readBefore, limit, CancellationToken.None);
    }

    public async Task<bool> ExistsAsync(string userId, string id, CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.ExistsAsync(userId, id, CancellationToken.None);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await _running.Task;
        return await store.PingAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    private static TaskCompletionSource Running()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running.SetResult();
        return running;
    }
}
