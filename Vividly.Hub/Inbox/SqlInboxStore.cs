using System.Data.Common;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>
/// What the SQL engines share: every inbox action is an <see cref="InboxSql"/> statement on the
/// engine's <typeparamref name="TDatabase"/>, and publishes are group-committed by a
/// <see cref="GroupCommitWriter"/>. An engine supplies only how its schema is migrated and how a
/// group of appends is stored.
/// </summary>
public abstract class SqlInboxStore<TDatabase> : IInboxStore, IInboxMaintenance, IAsyncDisposable
    where TDatabase : IInboxDatabase
{
    private readonly ScheduledInboxSql _scheduled;
    private readonly GroupCommitWriter _appends;
    private volatile bool _disposed;

    /// <param name="writer">What appends wait for, as a refusal names it.</param>
    /// <param name="isolate">Whether a failed group is stored again one append at a time (see <see cref="GroupCommitWriter"/>).</param>
    private protected SqlInboxStore(
        TDatabase database, RetentionOptions retention, StoreGuardOptions guard, TimeProvider timeProvider,
        string writer, Func<Exception, bool>? isolate = null)
    {
        Database = database;
        Sql = new InboxSql(timeProvider, retention.MaxPerUser);
        _scheduled = new ScheduledInboxSql(timeProvider, retention.MaxPerUser);
        _appends = new GroupCommitWriter(CommitAsync, guard, writer, isolate);
    }

    private protected TDatabase Database { get; }

    private protected InboxSql Sql { get; }

    /// <summary>Migrates the schema; appends are taken once it has.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken);
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
        WriteIdsAsync(ids, (connection, transaction) => Sql.MarkReadAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => Sql.MarkAllReadAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.MarkUnreadAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => Sql.ArchiveAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> UnarchiveAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.UnarchiveAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => Sql.ArchiveReadAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> SnoozeAsync(string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.SnoozeAsync(connection, transaction, userId, ids, until, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => InboxSql.UnsnoozeAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkSeenAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        WriteIdsAsync(ids, (connection, transaction) => Sql.MarkSeenAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(string userId, string contentRequestId, bool archive, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => Sql.MarkRequestReadAsync(connection, transaction, userId, contentRequestId, archive, cancellationToken), cancellationToken);

    public Task<int> ClearAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InboxSql.ClearAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InboxSql.RemoveExpiredAsync(connection, transaction, olderThan, keepPerUser, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Notification>> ReturnSnoozedAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken) =>
        _scheduled.ReturnSnoozedAsync(Database, dueBy, limit, cancellationToken);

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

    /// <summary>Stores what was already queued; appends after this are refused. The database outlives the store.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _appends.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates or brings the schema up to date, before any append is taken.</summary>
    private protected abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Stores a group of appends in one transaction and answers their results in order.</summary>
    private protected abstract Task<IReadOnlyList<AppendResult>> CommitAsync(IReadOnlyList<NewNotification> batch);

    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) =>
        Database.ReadAsync(read, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction that commits when it returns.</summary>
    private protected Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        Database.WriteAsync(work, cancellationToken);

    /// <summary>An action on no ids changes nothing and needs no transaction.</summary>
    private Task<IReadOnlyList<NotificationState>> WriteIdsAsync(
        IReadOnlyCollection<string> ids, Func<DbConnection, DbTransaction, Task<IReadOnlyList<NotificationState>>> work, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.FromResult<IReadOnlyList<NotificationState>>([]) : WriteAsync(work, cancellationToken);
}
