using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Vividly.Hub.Inbox;

/// <summary>The inbox shared by several hub instances (<c>DATABASE_URL</c>).</summary>
public sealed class PostgresInboxStore(IOptions<InboxStorageOptions> options, IOptions<RetentionOptions> retention, TimeProvider timeProvider)
    : SqlInboxStore(timeProvider, retention.Value.MaxPerUser), IAsyncDisposable
{
    /// <summary>Any fixed number: the advisory lock instances take while migrating.</summary>
    private const long SchemaLockKey = 0x5669_7669_646C_79;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(options.Value.DatabaseUrl!));

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", SchemaLockKey)), cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
