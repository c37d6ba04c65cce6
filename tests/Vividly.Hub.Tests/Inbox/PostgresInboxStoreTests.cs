using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Inbox;

public sealed class PostgresInboxStoreTests(PostgresFixture postgres) : InboxStoreContract, IClassFixture<PostgresFixture>
{
    protected override async Task<IInboxStore> CreateStoreAsync() =>
        new PostgresInboxStore(Options.Create(new InboxStorageOptions { DatabaseUrl = await postgres.Server.CreateDatabaseAsync() }), Retention, Time);

    protected override async ValueTask DisposeStoreAsync() => await ((IAsyncDisposable)Store).DisposeAsync();

    [Fact]
    public async Task Instances_starting_together_migrate_once()
    {
        var url = await postgres.Server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4)
            .Select(_ => new PostgresInboxStore(Options.Create(new InboxStorageOptions { DatabaseUrl = url }), Retention, Time))
            .ToList();
        await Task.WhenAll(stores.Select(store => Task.Run(() => store.InitializeAsync(CancellationToken.None))));
        Assert.Equal(1, (await stores[0].AppendAsync(new NewNotification("a", "system.announcement", "t", "m", "normal", null, null), CancellationToken.None)).Seq);
        foreach (var store in stores) await store.DisposeAsync();
    }
}
