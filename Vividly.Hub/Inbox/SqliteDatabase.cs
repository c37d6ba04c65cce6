using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The embedded SQLite file. Writes queue on a semaphore here instead of spinning on SQLite's
/// busy lock, whichever feature makes them: the file has one writer.
/// </summary>
public sealed class SqliteDatabase(IOptions<InboxStorageOptions> options) : IInboxDatabase, IDisposable
{
    private readonly string _connectionString =
        new SqliteConnectionStringBuilder { DataSource = options.Value.SqlitePath, Pooling = true, DefaultTimeout = 30 }.ToString();

    private readonly SemaphoreSlim _writer = new(1, 1);

    public string Path { get; } = options.Value.SqlitePath;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await read(connection);
    }

    /// <summary>One writer at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();
}
