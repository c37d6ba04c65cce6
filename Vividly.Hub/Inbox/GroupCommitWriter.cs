using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Vividly.Hub.Inbox;

/// <summary>
/// Appends queue here and one loop commits them in groups: those waiting while a transaction
/// runs go together into the next one, up to <see cref="MaxPerCommit"/>, so a burst pays for one
/// commit instead of one each. The queue holds at most <c>maxPending</c>; the excess is refused,
/// not held in memory. The loop starts with <see cref="Start"/> and <see cref="DisposeAsync"/>
/// lets it store everything already queued before it ends.
/// </summary>
/// <param name="commit">Stores the appends in one transaction, answering their results in order, or fails them all.</param>
internal sealed class GroupCommitWriter(Func<IReadOnlyList<NewNotification>, Task<IReadOnlyList<AppendResult>>> commit, int maxPending) : IAsyncDisposable
{
    public const int MaxPerCommit = 256;

    private readonly Channel<PendingAppend> _queue = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(maxPending) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _starting = new();
    private Task? _loop;

    /// <summary>Starts the loop once; later calls do nothing.</summary>
    public void Start()
    {
        lock (_starting) _loop ??= Task.Run(LoopAsync);
    }

    /// <summary>
    /// Queues the append for the next commit, or answers false when the queue is full or closed.
    /// Once queued it is stored whether or not anyone still waits for <paramref name="stored"/>.
    /// </summary>
    public bool TryAppend(NewNotification notification, [NotNullWhen(true)] out Task<AppendResult>? stored)
    {
        if (_loop is null) throw new InvalidOperationException("Appends start once the store is initialized.");
        var pending = new PendingAppend(notification);
        stored = _queue.Writer.TryWrite(pending) ? pending.Result.Task : null;
        return stored is not null;
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
            catch (Exception)
            {
                // One failing append must not fail its neighbours: store them one by one.
                foreach (var pending in batch) await CommitAloneAsync(pending);
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
