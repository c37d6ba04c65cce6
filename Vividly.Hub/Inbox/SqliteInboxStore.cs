using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The embedded default: one SQLite file in WAL mode, owned by one instance. Writes queue on a
/// semaphore here instead of spinning on SQLite's busy lock, and publishes are group-committed:
/// those waiting while a transaction runs go together into the next one, so a burst pays for
/// one commit instead of one each (the single writer is the embedded store's ceiling).
/// </summary>
public sealed class SqliteInboxStore : SqlInboxStore, IDisposable
{
    private const int MaxAppendsPerCommit = 256;

    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _appender;

    public SqliteInboxStore(IOptions<InboxStorageOptions> options, IOptions<RetentionOptions> retention, TimeProvider timeProvider)
        : base(timeProvider, retention.Value.MaxPerUser)
    {
        _path = options.Value.SqlitePath;
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
        var pending = new PendingAppend(notification);
        ObjectDisposedException.ThrowIf(!_appends.Writer.TryWrite(pending), this);
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
        _appends.Writer.TryComplete();
        _appender.GetAwaiter().GetResult();
        _writer.Dispose();
    }

    private sealed record PendingAppend(NewNotification Notification)
    {
        public TaskCompletionSource<AppendResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
