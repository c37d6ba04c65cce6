using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Channels;

public sealed class SqliteDispatcherTests : DispatcherContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-dispatcher-").FullName;
    private SqliteDatabase? _database;

    protected override Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync()
    {
        _database = new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = Path.Combine(_directory, "inbox.db") }));
        return Task.FromResult<(IInboxStore, IInboxDatabase)>((new SqliteInboxStore(_database, Retention, Guard, Time), _database));
    }

    protected override ValueTask CloseAsync()
    {
        _database?.Dispose();
        SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
        return ValueTask.CompletedTask;
    }
}
