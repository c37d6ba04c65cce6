using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Inbox;

public sealed class SqliteInboxStoreTests : InboxStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_directory, "inbox.db");

    protected override Task<IInboxStore> CreateStoreAsync() => Task.FromResult<IInboxStore>(Create(new StoreGuardOptions()));

    private SqliteInboxStore Create(StoreGuardOptions guard) =>
        new(new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = DatabasePath })), Retention, Options.Create(guard), Time);

    protected override async Task RunSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async ValueTask DisposeStoreAsync()
    {
        await ((IAsyncDisposable)Store).DisposeAsync();
        SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
    }

    private static NewNotification New() =>
        new("a", NotificationTypes.SystemAnnouncement, "t", "m", NotificationPriorities.Normal, null, null);

    [Fact]
    public async Task Disposing_stores_the_appends_already_queued()
    {
        var queued = Enumerable.Range(0, 50).Select(_ => Store.AppendAsync(New(), CancellationToken.None)).ToList();
        await ((IAsyncDisposable)Store).DisposeAsync();

        Assert.All(queued, append => Assert.True(append.IsCompletedSuccessfully));
        await using var reopened = Create(new StoreGuardOptions());
        await reopened.InitializeAsync(CancellationToken.None);
        Assert.Equal(50, (await reopened.GetStateAsync("a", CancellationToken.None)).LastSeq);
    }

    [Fact]
    public async Task Appends_beyond_the_pending_bound_are_refused_at_once_and_the_rest_stored()
    {
        await using var store = Create(new StoreGuardOptions { MaxPending = 1 });
        await store.InitializeAsync(CancellationToken.None);
        await using var other = new SqliteConnection($"Data Source={DatabasePath}");
        await other.OpenAsync();
        using var holdsTheWriteLock = other.BeginTransaction(deferred: false);

        // The writer holds one blocked batch and the queue one more, so a third append at the latest is refused.
        var appends = Enumerable.Range(0, 3).Select(_ => store.AppendAsync(New(), CancellationToken.None)).ToList();
        var refused = appends.Where(append => append.IsFaulted).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, append => Assert.Equal(StoreFailure.Refused, Assert.IsType<StoreUnavailableException>(append.Exception!.InnerException).Failure));

        holdsTheWriteLock.Rollback();
        var stored = await Task.WhenAll(appends.Except(refused)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(1, stored.Length).Select(i => (long)i), stored.Select(s => s.Seq).Order());
    }
}
