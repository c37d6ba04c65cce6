using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Stores;

/// <summary>A SQLite file in a temporary directory of its own, named with <paramref name="name"/>.</summary>
public sealed class FreshSqliteDatabase(string name) : IFreshDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory($"vividly-{name}-").FullName;
    private SqliteDatabase? _database;

    public Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync(TimeProvider time)
    {
        _database = new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = Path.Combine(_directory, "inbox.db") }));
        var inbox = new SqliteInboxStore(_database, Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), time);
        return Task.FromResult<(IInboxStore, IInboxDatabase)>((inbox, _database));
    }

    public ValueTask DisposeAsync()
    {
        _database?.Dispose();
        SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
        return ValueTask.CompletedTask;
    }
}
