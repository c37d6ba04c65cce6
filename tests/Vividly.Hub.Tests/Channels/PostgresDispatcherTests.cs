using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Channels;

public sealed class PostgresDispatcherTests(PostgresFixture postgres) : DispatcherContract, IClassFixture<PostgresFixture>
{
    private PostgresDatabase? _database;

    protected override async Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync()
    {
        _database = new PostgresDatabase(Options.Create(new InboxStorageOptions { DatabaseUrl = await postgres.Server.CreateDatabaseAsync() }));
        return (new PostgresInboxStore(_database, Retention, Guard, Time), _database);
    }

    protected override async ValueTask CloseAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
