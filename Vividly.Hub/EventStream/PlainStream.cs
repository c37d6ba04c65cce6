using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;
using ConnectionInfo = Vividly.Hub.Client.Contract.ConnectionInfo;

namespace Vividly.Hub.EventStream;

/// <summary>
/// One plain SSE stream as live delivery sees it: a registered connection whose outbox pump
/// writes here (<see cref="INotificationClient"/>) and which the hub's rules close
/// (<see cref="IConnectionControl"/>). It writes each seq once, in order: a notification at or
/// below the last seq written is dropped, and one that skips seqs (live delivery is at most once,
/// and two instances' sends may cross) first reads what it skipped from the inbox, as does a
/// resume request. So a stream is gap-free without its client ever speaking.
/// </summary>
public sealed class PlainStream(SseWriter writer, IInboxStore store, string userId, int pageSize, CancellationToken aborted)
    : INotificationClient, IConnectionControl, IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private int _reason = -1;

    /// <summary>The highest seq written, or skipped on purpose (the client's resume point).</summary>
    public long LastSeq { get; private set; }

    /// <summary>Fires when the server closes the stream; <see cref="Reason"/> says why.</summary>
    public CancellationToken Closing => _closing.Token;

    public CloseReason? Reason => _reason < 0 ? null : (CloseReason)_reason;

    public void CloseAllowingReconnect(CloseReason reason)
    {
        // The first reason stands: the last event names it.
        if (Interlocked.CompareExchange(ref _reason, (int)reason, -1) != -1) return;
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended meanwhile.
        }
    }

    /// <summary>Live notifications are written after <paramref name="seq"/>; what lies at or below it is the client's already.</summary>
    public void StartAfter(long seq) => LastSeq = seq;

    /// <summary>
    /// Writes every kept notification after <see cref="LastSeq"/>, a page of
    /// <c>SSE_MAX_BACKLOG_MESSAGES</c> at a time, until a page comes back short; with
    /// <paramref name="through"/>, no further than that seq.
    /// </summary>
    public async Task CatchUpAsync(long? through, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await store.ReadAfterAsync(userId, LastSeq, pageSize, cancellationToken);
            foreach (var notification in page)
            {
                if (notification.Seq > through) return;
                if (!await WriteAsync(notification, cancellationToken)) return;
            }
            if (page.Count < pageSize) return;
        }
    }

    public async Task Notification(Notification notification)
    {
        if (notification.Seq <= LastSeq) return;
        // Should the inbox not answer, nothing is written: the next notification, or the resume
        // request the store's return brings, reads this one with those it skipped.
        if (notification.Seq > LastSeq + 1) await CatchUpAsync(notification.Seq - 1, aborted);
        await WriteAsync(notification, aborted);
    }

    public Task InboxChanged(InboxChange change) => writer.WriteAsync(StreamEvents.InboxChanged, change, id: null, aborted);

    /// <summary>Live sends may have been lost (Redis or the store came back): read them from the inbox.</summary>
    public Task ResumeRequested(ResumeRequest request) => CatchUpAsync(through: null, aborted);

    /// <summary>The stream writes its own first event; live delivery never sends this one.</summary>
    public Task ConnectionEstablished(ConnectionInfo info) => Task.CompletedTask;

    public void Dispose() => _closing.Dispose();

    private async Task<bool> WriteAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (notification.Seq <= LastSeq) return true;
        if (!await writer.WriteAsync(StreamEvents.Notification, notification, notification.Seq, cancellationToken)) return false;
        LastSeq = notification.Seq;
        return true;
    }
}
