using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Vividly.Hub.Client.Contract;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The inbox shared by several hub instances (<c>DATABASE_URL</c>). Each append commits in its
/// own transaction; the <c>inbox_users</c> row lock orders one user's publishes across instances.
/// </summary>
public sealed class PostgresInboxStore(IOptions<InboxStorageOptions> options, IOptions<RetentionOptions> retention, TimeProvider timeProvider)
    : IInboxStore, IAsyncDisposable
{
    /// <summary>Any fixed number: the advisory lock instances take while migrating.</summary>
    private const long SchemaLockKey = 0x5669_7669_646C_79;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(options.Value.DatabaseUrl!));
    private readonly InboxSql _sql = new(timeProvider, retention.Value.MaxPerUser);

    /// <summary>Held while the schema is migrated, so instances starting together migrate once.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", SchemaLockKey)), cancellationToken);
            await InboxSql.MigrateAsync(connection, transaction, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => _sql.AppendAsync(connection, transaction, notification, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        ReadAsync(connection => InboxSql.ReadAfterAsync(connection, userId, afterSeq, limit, cancellationToken), cancellationToken);

    public Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken) =>
        ReadAsync(connection => InboxSql.GetStateAsync(connection, userId, cancellationToken), cancellationToken);

    public Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken) =>
        ReadAsync(connection => InboxSql.ListAsync(connection, userId, query, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<string>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Task.FromResult<IReadOnlyList<string>>([])
            : WriteAsync((connection, transaction) => _sql.MarkReadAsync(connection, transaction, userId, ids, cancellationToken), cancellationToken);

    public Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => _sql.MarkAllReadAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<int> ClearAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InboxSql.ClearAsync(connection, transaction, userId, cancellationToken), cancellationToken);

    public Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => InboxSql.RemoveExpiredAsync(connection, transaction, olderThan, keepPerUser, cancellationToken), cancellationToken);

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

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction that commits when it returns.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
