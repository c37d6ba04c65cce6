using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Inbox;

public sealed class SqliteInboxStoreTests : InboxStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-sqlite-").FullName;

    protected override Task<IInboxStore> CreateStoreAsync() =>
        Task.FromResult<IInboxStore>(new SqliteInboxStore(
            Options.Create(new InboxStorageOptions { SqlitePath = Path.Combine(_directory, "inbox.db") }), Retention,
            Options.Create(new StoreGuardOptions()), Time));

    protected override ValueTask DisposeStoreAsync()
    {
        ((IDisposable)Store).Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
        return ValueTask.CompletedTask;
    }
}
