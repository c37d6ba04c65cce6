using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Vividly.Hub.Client.Contract;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The inbox shared by several hub instances (<c>DATABASE_URL</c>). Publishes are group-committed
/// by a <see cref="GroupCommitWriter"/>: those waiting while a transaction runs go together into
/// the next, sent as one batch (<see cref="PostgresAppends"/>), so a burst costs two round trips
/// rather than four per publish. At most <c>STORE_MAX_PENDING</c> appends wait; the excess is refused.
/// </summary>
public sealed class PostgresInboxStore : IInboxStore, IInboxMaintenance, IAsyncDisposable
{
    /// <summary>Any fixed number: the advisory lock instances take while migrating.</summary>
    private const long SchemaLockKey = 0x5669_7669_646C_79;

    private readonly PostgresDatabase _database;
    private readonly InboxSql _sql;
    private readonly ScheduledInboxSql _scheduled;
    private readonly GroupCommitWriter _appends;
    private volatile bool _disposed;

    public PostgresInboxStore(
        PostgresDatabase database, IOptions<RetentionOptions> retention, IOptions<StoreGuardOptions> guard, TimeProvider timeProvider)
    {
        _database = database;
        _sql = new InboxSql(timeProvider, retention.Value.MaxPerUser);
        _scheduled = new ScheduledInboxSql(timeProvider, retention.Value.MaxPerUser);
        var appends = new PostgresAppends(timeProvider, retention.Value.MaxPerUser);
        // Only an error the server reported for a statement is worth storing the group one by one:
        // a lost or timed-out connection would fail each alone the same way.
        _appends = new GroupCommitWriter(
            batch => WriteAsync((connection, transaction) => appends.AppendAllAsync(connection, transaction, batch, CancellationToken.None), CancellationToken.None),
            guard.Value, "PostgreSQL",
            isolate: static error => error is PostgresException);
    }

    /// <summary>Held while the schema is migrated, so instances starting together migrate once.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", SchemaLockKey)), cancellationToken);
            await InboxSql.MigrateAsync(connection, transaction, cancellationToken);
            return true;
        }, cancellationToken);
        _appends.Start();
    }

    /// <summary>Queued for the next commit; a caller that gives up still gets its append stored, as with any publish in flight.</summary>
    public Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _appends.AppendAsync(notification, cancellationToken);
    }

    public Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        ReadAsync(connection => InboxSql.ReadAfterAsync(connection, userId, afterSeq, limit, cancellationToken), cancellationToken);

    public Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken) =>
        ReadAsync(connection => InboxSql.GetStateAsync(connection, userId, cancellationToken), cancellationToken);

    public Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken) =>
        ReadAsync(connection => InboxSql.ListAsync(connection, userId, query, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => _sql.MarkReadAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => _sql.MarkAllReadAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.MarkUnreadAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => _sql.ArchiveAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.UnarchiveAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => _sql.ArchiveReadAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.SnoozeAsync(connection, transaction, userId, ids, until, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.UnsnoozeAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => _sql.MarkSeenAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => _sql.MarkRequestReadAsync(connection, transaction, userId, contentRequestId, archive, cancellationToken), cancellationToken);

    public Task<int> ClearAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InboxSql.ClearAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InboxSql.RemoveExpiredAsync(connection, transaction, olderThan, keepPerUser, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Notification>> ReturnSnoozedAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken) =>
        _scheduled.ReturnSnoozedAsync(_database, dueBy, limit, cancellationToken);

    public Task<IReadOnlyList<ArchivedNotification>> ArchiveReadBeforeAsync(DateTimeOffset readBefore, int limit, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => _scheduled.ArchiveReadBeforeAsync(connection, transaction, readBefore, limit, cancellationToken), cancellationToken);

    public Task<bool> ExistsAsync(string userId, string id, CancellationToken cancellationToken) =>
        ReadAsync(connection => InboxSql.ExistsAsync(connection, userId, id, cancellationToken), cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(connection => InboxSql.PingAsync(connection, cancellationToken), cancellationToken);
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Stores what was already queued; appends after this are refused. The database (its pool) outlives the store.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _appends.DisposeAsync();
    }

    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) =>
        _database.ReadAsync(read, cancellationToken);

    /// <summary>An action on no ids changes nothing and needs no transaction.</summary>
    private Task<IReadOnlyList<NotificationState>> WriteIdsAsync(
        IReadOnlyCollection<string> ids, Func<NpgsqlConnection, NpgsqlTransaction, Task<IReadOnlyList<NotificationState>>> work, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.FromResult<IReadOnlyList<NotificationState>>([]) : WriteAsync(work, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction that commits when it returns.</summary>
    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _database.WriteAsync(work, cancellationToken);
}
