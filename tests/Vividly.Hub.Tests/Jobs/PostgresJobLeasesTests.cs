using Microsoft.Extensions.Options;
using Npgsql;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Tests.Jobs;

public sealed class PostgresJobLeasesTests(PostgresFixture postgres) : JobLeasesContract, IClassFixture<PostgresFixture>
{
    private SqlJobLeases? _leases;

    protected override async Task<IJobLeases> CreateLeasesAsync()
    {
        var url = await postgres.Server.CreateDatabaseAsync();
        await using (var store = new PostgresInboxStore(new PostgresDatabase(Options.Create(new InboxStorageOptions { DatabaseUrl = url })),
            Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), Time))
        {
            await store.InitializeAsync(CancellationToken.None);
        }
        _leases = new SqlJobLeases(NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(url)), Time);
        return _leases;
    }

    protected override async ValueTask DisposeLeasesAsync()
    {
        if (_leases is not null) await _leases.DisposeAsync();
    }
}
