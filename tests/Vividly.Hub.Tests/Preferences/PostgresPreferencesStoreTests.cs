using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Preferences;

public sealed class PostgresPreferencesStoreTests(PostgresFixture postgres) : PreferencesStoreContract, IClassFixture<PostgresFixture>
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
