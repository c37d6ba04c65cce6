using System.Threading.Channels;

namespace Vividly.Hub.Inbox;

/// <summary>
/// Appends queue here and one loop commits them in groups: those waiting while a transaction
/// runs go together into the next one, up to <see cref="MaxPerCommit"/>, so a burst pays for one
/// commit instead of one each. The queue holds at most <c>STORE_MAX_PENDING</c>; the excess is
/// refused with a <see cref="StoreUnavailableException"/>, not held in memory. The loop starts with <see cref="Start"/> and <see cref="DisposeAsync"/>
/// lets it store everything already queued before it ends.
/// </summary>
/// <param name="commit">Stores the appends in one transaction, answering their results in order, or fails them all.</param>
/// <param name="guard">Gives the queue's bound and the retry advice for a refusal.</param>
/// <param name="writer">What the appends wait for, as a refusal names it.</param>
/// <param name="isolate">
/// Whether a failed group is stored again one append at a time, so one bad append does not fail
/// its neighbours; otherwise all fail with the group's error. Unset: always.
/// </param>
internal sealed class GroupCommitWriter(
    Func<IReadOnlyList<NewNotification>, Task<IReadOnlyList<AppendResult>>> commit, StoreGuardOptions guard, string writer,
    Func<Exception, bool>? isolate = null) : IAsyncDisposable
{
    public const int MaxPerCommit = 256;

    private readonly Channel<PendingAppend> _queue = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(guard.MaxPending) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _starting = new();
    private Task? _loop;

    /// <summary>Starts the loop once; later calls do nothing.</summary>
    public void Start()
    {
        lock (_starting) _loop ??= Task.Run(LoopAsync);
    }

    /// <summary>
    /// Queues the append for the next commit, or refuses it at once when the queue is full or closed.
    /// Once queued it is stored whether or not the caller still waits: giving up ends only the wait.
    /// </summary>
    public Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken)
    {
        if (_loop is null) throw new InvalidOperationException("Appends start once the store is initialized.");
        var pending = new PendingAppend(notification);
        if (_queue.Writer.TryWrite(pending)) return pending.Result.Task.WaitAsync(cancellationToken);
        return Task.FromException<AppendResult>(new StoreUnavailableException(StoreFailure.Refused,
            $"{guard.MaxPending} appends are already waiting for {writer}; this one was not queued.", guard.RetryAfterSeconds));
    }

    private async Task LoopAsync()
    {
        var batch = new List<PendingAppend>(MaxPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxPerCommit && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                var results = await commit([.. batch.Select(pending => pending.Notification)]);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception ex) when (isolate?.Invoke(ex) ?? true)
            {
                // One failing append must not fail its neighbours: store them one by one.
                foreach (var pending in batch) await CommitAloneAsync(pending);
            }
            catch (Exception ex)
            {
                foreach (var pending in batch) pending.Result.TrySetException(ex);
            }
        }
    }

    private async Task CommitAloneAsync(PendingAppend pending)
    {
        try
        {
            pending.Result.TrySetResult((await commit([pending.Notification]))[0]);
        }
        catch (Exception ex)
        {
            pending.Result.TrySetException(ex);
        }
    }

    /// <summary>Closes the queue and waits until what it held is stored; nothing blocks a thread meanwhile.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_starting) loop = _loop;
        if (loop is not null) await loop;
    }

    private sealed record PendingAppend(NewNotification Notification)
    {
        public TaskCompletionSource<AppendResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
