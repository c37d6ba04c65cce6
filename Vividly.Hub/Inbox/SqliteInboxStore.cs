using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The embedded default: one SQLite file in WAL mode, owned by one instance. Writes queue on a
/// semaphore here instead of spinning on SQLite's busy lock, and publishes are group-committed:
/// those waiting while a transaction runs go together into the next one, so a burst pays for
/// one commit instead of one each (the single writer is the embedded store's ceiling). At most
/// <c>STORE_MAX_PENDING</c> appends wait for it: an append whose caller gave up (the guard's
/// bound) is still stored, so it leaves the guard's count but stays in this queue, and the
/// queue's own bound is what refuses the excess.
/// </summary>
public sealed class SqliteInboxStore : SqlInboxStore, IDisposable
{
    private const int MaxAppendsPerCommit = 256;

    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Channel<PendingAppend> _appends;
    private readonly StoreGuardOptions _guard;
    private readonly Task _appender;
    private volatile bool _disposed;

    public SqliteInboxStore(
        IOptions<InboxStorageOptions> options, IOptions<RetentionOptions> retention, IOptions<StoreGuardOptions> guard, TimeProvider timeProvider)
        : base(timeProvider, retention.Value.MaxPerUser)
    {
        _path = options.Value.SqlitePath;
        _guard = guard.Value;
        _appends = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(_guard.MaxPending) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = true, DefaultTimeout = 30 }.ToString();
        _appender = Task.Run(AppendLoopAsync);
    }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            return await base.WriteAsync(work, cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await using (var connection = await OpenAsync(cancellationToken))
        {
            // WAL lets readers (resumes, inbox pages) run beside the single writer.
            await ExecuteAsync(Command(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"), cancellationToken);
        }
        await base.InitializeAsync(cancellationToken);
    }

    /// <summary>Queued for the next commit; a caller that gives up still gets its append stored, as with any publish in flight.</summary>
    public override Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = new PendingAppend(notification);
        if (!_appends.Writer.TryWrite(pending))
        {
            // Full: refused at once rather than held in memory.
            return Task.FromException<AppendResult>(new StoreUnavailableException(StoreFailure.Refused,
                $"{_guard.MaxPending} appends are already waiting for the SQLite writer; this one was not queued.", _guard.RetryAfterSeconds));
        }
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task AppendLoopAsync()
    {
        var batch = new List<PendingAppend>(MaxAppendsPerCommit);
        while (await _appends.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxAppendsPerCommit && _appends.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                var results = await WriteAsync(async (connection, transaction) =>
                {
                    var stored = new List<AppendResult>(batch.Count);
                    foreach (var pending in batch) stored.Add(await AppendAsync(connection, transaction, pending.Notification, CancellationToken.None));
                    return stored;
                }, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception)
            {
                // One failing append must not fail its neighbours: store them one by one.
                foreach (var pending in batch) await AppendAloneAsync(pending);
            }
        }
    }

    private async Task AppendAloneAsync(PendingAppend pending)
    {
        try
        {
            pending.Result.TrySetResult(await WriteAsync(
                (connection, transaction) => AppendAsync(connection, transaction, pending.Notification, CancellationToken.None), CancellationToken.None));
        }
        catch (Exception ex)
        {
            pending.Result.TrySetException(ex);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _appends.Writer.TryComplete();
        _appender.GetAwaiter().GetResult();
        _writer.Dispose();
    }

    private sealed record PendingAppend(NewNotification Notification)
    {
        public TaskCompletionSource<AppendResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
