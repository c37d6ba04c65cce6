using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

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

    protected override async Task<object?> SqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }
}
