using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Unit;

/// <summary>A store frozen like a SIGSTOPped database: nothing answers, cancellation is ignored, until <see cref="Thaw"/>.</summary>
public sealed class HangingStore : IInboxStore
{
    private TaskCompletionSource _thawed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _pings;

    /// <summary>Thrown by every operation instead of hanging, when set.</summary>
    public Exception? Failure { get; set; }

    public bool Frozen { get; set; } = true;

    public int Started => Volatile.Read(ref _started);

    public int Pings => Volatile.Read(ref _pings);

    /// <summary>Lets everything that hangs go on, and what comes next answer at once.</summary>
    public void Thaw()
    {
        Frozen = false;
        _thawed.TrySetResult();
    }

    public void Freeze()
    {
        _thawed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Frozen = true;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken) => Answer(new AppendResult("n", 1, null));

    public Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<Notification>>([]);

    public Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken) => Answer(new InboxState(0, 0, 0));

    public Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken) => Answer(new InboxPage([], 0, null));

    public Task<IReadOnlyList<NotificationState>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(string userId, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(string userId, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        NoChange();

    public Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => NoChange();

    public Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<NotificationState>?>(null);

    private Task<IReadOnlyList<NotificationState>> NoChange() => Answer<IReadOnlyList<NotificationState>>([]);

    public Task<int> ClearAsync(string userId, CancellationToken cancellationToken) => Answer(0);

    public Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken) => Answer(0);

    public Task<bool> ExistsAsync(string userId, string id, CancellationToken cancellationToken) => Answer(false);

    public Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pings);
        return Answer(true);
    }

    private async Task<T> Answer<T>(T value)
    {
        Interlocked.Increment(ref _started);
        if (Failure is { } failure) throw failure;
        if (Frozen) await _thawed.Task;
        return value;
    }
}
