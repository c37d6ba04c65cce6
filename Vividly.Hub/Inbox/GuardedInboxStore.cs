using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Timeout;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The one seam between the hub and its store: every caller-facing operation ends within
/// <c>STORE_TIMEOUT_MS</c>, at most <c>STORE_MAX_PENDING</c> are under way, and whatever the
/// store could not do for want of the database surfaces as <see cref="StoreUnavailableException"/>.
/// <para>
/// Delivery guarantee: a <see cref="StoreUnavailableException"/> means "maybe stored". An append
/// that timed out may still commit after its caller was answered, so a publisher retries with
/// the same idempotency key and gets the first answer back. A transaction is never half-stored:
/// it commits whole or not at all. A write that was refused (too many pending) never started.
/// </para>
/// <para>
/// An operation counts as pending until the store itself lets go of it, not only until its caller
/// was answered, so a driver slow to honour cancellation cannot pile up work behind the bound.
/// </para>
/// </summary>
public sealed class GuardedInboxStore : IInboxStore
{
    /// <summary>The key the concrete store is registered under; everything else gets this guard.</summary>
    public const string Unguarded = "unguarded";

    private readonly IInboxStore _store;
    private readonly StoreAvailability _availability;
    private readonly ServiceMetrics _metrics;
    private readonly StoreGuardOptions _options;
    private readonly ResiliencePipeline _bound;

    /// <summary>
    /// Counted here rather than with Polly's concurrency limiter, whose permit returns when the
    /// caller is answered: an operation abandoned at the bound still holds a connection or a row lock.
    /// </summary>
    private long _pending;

    public GuardedInboxStore(
        [FromKeyedServices(Unguarded)] IInboxStore store, StoreAvailability availability, ServiceMetrics metrics,
        IOptions<StoreGuardOptions> options, TimeProvider timeProvider)
    {
        _store = store;
        _availability = availability;
        _metrics = metrics;
        _options = options.Value;
        _bound = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(_options.Timeout).Build();
    }

    /// <summary>Migrating runs before the host serves and may take long: only the caller's token bounds it.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => _store.InitializeAsync(cancellationToken);

    /// <summary>Started as it is called (a refused one fails alone), so appends keep the store's call order.</summary>
    public Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.AppendAsync(notification, ct), cancellationToken);

    public Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.ReadAfterAsync(userId, afterSeq, limit, ct), cancellationToken);

    public Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.GetStateAsync(userId, ct), cancellationToken);

    public Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.ListAsync(userId, query, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.MarkReadAsync(userId, ids, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.MarkAllReadAsync(userId, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.MarkUnreadAsync(userId, ids, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.ArchiveAsync(userId, ids, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.UnarchiveAsync(userId, ids, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(string userId, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.ArchiveReadAsync(userId, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.SnoozeAsync(userId, ids, until, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.UnsnoozeAsync(userId, ids, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.MarkSeenAsync(userId, ids, ct), cancellationToken);

    public Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.MarkRequestReadAsync(userId, contentRequestId, archive, ct), cancellationToken);

    public Task<int> ClearAsync(string userId, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.ClearAsync(userId, ct), cancellationToken);

    /// <summary>Retention answers no caller and may rightly run long; the command timeout bounds it, and a failed run is retried on the next tick.</summary>
    public Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken) =>
        _store.RemoveExpiredAsync(olderThan, keepPerUser, cancellationToken);

    public Task<bool> ExistsAsync(string userId, string id, CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.ExistsAsync(userId, id, ct), cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) =>
        RunAsync((store, ct) => store.PingAsync(ct), cancellationToken);

    /// <summary>
    /// Work on the inbox's database done outside the inbox (preferences), under the same bound, the
    /// same count of pending operations and the same availability: it is the same database.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        RunAsync((_, ct) => operation(ct), cancellationToken);

    private async Task<T> RunAsync<T>(Func<IInboxStore, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _bound.ExecuteAsync(static async (state, ct) =>
            {
                // The store is handed the caller's token, not the bound's: Npgsql cancels a command
                // with a request to the server made inline, which against a frozen server holds a
                // pool thread per timed-out call. The driver's own timeouts end the operation; the
                // wait ends at the bound regardless.
                var running = state.Guard.Start(state.Operation, state.Caller);
                return await running.WaitAsync(ct);
            }, (Guard: this, Operation: operation, Caller: cancellationToken), cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            Count(ex.Failure);
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            _availability.MarkUnavailable($"an operation took over {_options.TimeoutMs} ms");
            throw Unavailable(StoreFailure.TimedOut, $"The inbox store did not answer within {_options.TimeoutMs} ms.", ex);
        }
        catch (Exception ex) when (IsUnreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            _availability.MarkUnavailable(ex.GetType().Name);
            throw Unavailable(StoreFailure.Unreachable, "The inbox store could not be reached.", ex);
        }
    }

    /// <summary>
    /// Takes a slot, or refuses at once: while the store is known not to answer (until the monitor's
    /// next ping does) and when too many operations wait. Failing fast then spares the caller the
    /// full bound and the store a pile of work it would meet on waking. The slot is held until the
    /// store lets go of the operation, which may be after its caller was answered.
    /// </summary>
    private Task<T> Start<T>(Func<IInboxStore, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (!_availability.IsAvailable)
            throw new StoreUnavailableException(StoreFailure.Refused,
                "The inbox store is not answering; this operation was not started.", _options.RetryAfterSeconds);
        if (Interlocked.Increment(ref _pending) > _options.MaxPending)
        {
            Interlocked.Decrement(ref _pending);
            throw new StoreUnavailableException(StoreFailure.Refused,
                $"{_options.MaxPending} inbox store operations are already waiting; this one was not started.", _options.RetryAfterSeconds);
        }
        _metrics.StoreOperationStarted();
        Task<T> running;
        try
        {
            running = operation(_store, cancellationToken);
        }
        catch (Exception ex)
        {
            running = Task.FromException<T>(ex);
        }
        _ = running.ContinueWith(static (done, guard) =>
        {
            // Observed here: once the caller was answered at the bound nobody else waits for this failure.
            _ = done.Exception;
            ((GuardedInboxStore)guard!).Release();
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return running;
    }

    private void Release()
    {
        Interlocked.Decrement(ref _pending);
        _metrics.StoreOperationEnded();
    }

    private StoreUnavailableException Unavailable(StoreFailure failure, string message, Exception inner)
    {
        Count(failure);
        return new StoreUnavailableException(failure, message, _options.RetryAfterSeconds, inner);
    }

    private void Count(StoreFailure failure) => _metrics.StoreFailed(failure switch
    {
        StoreFailure.TimedOut => "timed_out",
        StoreFailure.Refused => "refused",
        _ => "unreachable",
    });

    /// <summary>The connection or the database failed, not the request: a cancellation that is not the caller's counts too.</summary>
    private static bool IsUnreachable(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true, // SQLITE_BUSY, SQLITE_LOCKED
        TimeoutException or SocketException or IOException or OperationCanceledException => true,
        _ => false,
    };
}
