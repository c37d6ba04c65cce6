using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Vividly.Hub.Inbox;

/// <summary>The shared PostgreSQL database (<c>DATABASE_URL</c>): one connection pool per instance, whichever feature asks.</summary>
public sealed class PostgresDatabase(IOptions<InboxStorageOptions> options) : IInboxDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(options.Value.DatabaseUrl!));

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    Task<T> IInboxDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
