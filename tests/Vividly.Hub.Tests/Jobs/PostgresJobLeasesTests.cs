using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Tests.Jobs;

public sealed class PostgresJobLeasesTests(PostgresFixture postgres) : JobLeasesContract, IClassFixture<PostgresFixture>
{
    private PostgresDatabase? _database;

    protected override async Task<IJobLeases> CreateLeasesAsync()
    {
        _database = new PostgresDatabase(Options.Create(new InboxStorageOptions { DatabaseUrl = await postgres.Server.CreateDatabaseAsync() }));
        await using (var store = new PostgresInboxStore(_database, Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), Time))
        {
            await store.InitializeAsync(CancellationToken.None);
        }
        return new SqlJobLeases(_database, Time);
    }

    protected override async ValueTask DisposeLeasesAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
