using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;
using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Jobs;

public sealed class SqliteInboxMaintenanceTests : InboxMaintenanceContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-maintenance-").FullName;

    private string DatabasePath => Path.Combine(_directory, "inbox.db");

    private SqliteDatabase? _database;

    protected override Task<IInboxMaintenance> CreateStoreAsync()
    {
        _database = new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = DatabasePath }));
        return Task.FromResult<IInboxMaintenance>(new SqliteInboxStore(_database, Retention, Guard, Time));
    }

    protected override async ValueTask DisposeStoreAsync()
    {
        await ((IAsyncDisposable)Maintenance).DisposeAsync();
        _database?.Dispose();
        SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
    }

    protected override Task<object?> SqlAsync(string sql, params (string Name, object Value)[] parameters) =>
        SqliteFile.ScalarAsync(DatabasePath, sql, parameters);
}
