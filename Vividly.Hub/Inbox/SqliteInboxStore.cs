using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. One instance owns the file, so writes
/// queue on a semaphore here instead of spinning on SQLite's busy lock.
/// </summary>
public sealed class SqliteInboxStore(IOptions<InboxStorageOptions> options, TimeProvider timeProvider) : SqlInboxStore(timeProvider), IDisposable
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.Value.SqlitePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private readonly SemaphoreSlim _writer = new(1, 1);

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
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Value.SqlitePath));
        if (directory is not null) Directory.CreateDirectory(directory);
        await using (var connection = await OpenAsync(cancellationToken))
        {
            // WAL lets readers (resumes, inbox pages) run beside the single writer.
            await Command(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;").ExecuteNonQueryAsync(cancellationToken);
        }
        await base.InitializeAsync(cancellationToken);
    }

    public void Dispose() => _writer.Dispose();
}
