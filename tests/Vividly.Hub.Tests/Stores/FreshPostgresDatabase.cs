using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Stores;

/// <summary>A new database on the class's PostgreSQL server.</summary>
public sealed class FreshPostgresDatabase(PostgresFixture postgres) : IFreshDatabase
{
    private PostgresDatabase? _database;

    public async Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync(TimeProvider time)
    {
        _database = new PostgresDatabase(Options.Create(new InboxStorageOptions { DatabaseUrl = await postgres.Server.CreateDatabaseAsync() }));
        return (new PostgresInboxStore(_database, Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), time), _database);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
