using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Tests.Jobs;

public sealed class SqliteJobLeasesTests : JobLeasesContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-leases-").FullName;
    private SqliteDatabase? _database;

    protected override async Task<IJobLeases> CreateLeasesAsync()
    {
        _database = new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = Path.Combine(_directory, "inbox.db") }));
        await using (var store = new SqliteInboxStore(_database, Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), Time))
        {
            await store.InitializeAsync(CancellationToken.None);
        }
        return new SqlJobLeases(_database, Time);
    }

    protected override ValueTask DisposeLeasesAsync()
    {
        _database?.Dispose();
        SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
        return ValueTask.CompletedTask;
    }
}
