using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Tests.Jobs;

public sealed class SqliteJobLeasesTests : JobLeasesContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-leases-").FullName;
    private SqlJobLeases? _leases;

    protected override async Task<IJobLeases> CreateLeasesAsync()
    {
        var path = Path.Combine(_directory, "inbox.db");
        await using (var store = new SqliteInboxStore(new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = path })),
            Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), Time))
        {
            await store.InitializeAsync(CancellationToken.None);
        }
        _leases = new SqlJobLeases(SqliteFactory.Instance.CreateDataSource($"Data Source={path};Default Timeout=30"), Time);
        return _leases;
    }

    protected override async ValueTask DisposeLeasesAsync()
    {
        if (_leases is not null) await _leases.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
    }
}
