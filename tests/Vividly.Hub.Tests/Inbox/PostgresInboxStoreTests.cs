using Microsoft.Extensions.Options;
using Npgsql;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Inbox;

public sealed class PostgresInboxStoreTests(PostgresFixture postgres) : InboxStoreContract, IClassFixture<PostgresFixture>
{
    private static readonly IOptions<StoreGuardOptions> Guard = Options.Create(new StoreGuardOptions());

    private string _url = "";

    protected override async Task<IInboxStore> CreateStoreAsync() => Open(_url = await postgres.Server.CreateDatabaseAsync());

    protected override async Task RunSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(_url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async ValueTask DisposeStoreAsync() => await ((IAsyncDisposable)Store).DisposeAsync();

    private PostgresInboxStore Open(string url) => new(new PostgresDatabase(Options.Create(new InboxStorageOptions { DatabaseUrl = url })), Retention, Guard, Time);

    private static NewNotification New(string user, string? key = null) =>
        new(user, NotificationTypes.SystemAnnouncement, "t", "m", NotificationPriorities.Normal, null, key);

    /// <summary>Two stores on one fresh database, as two hub instances hold them.</summary>
    private async Task<(PostgresInboxStore First, PostgresInboxStore Second)> TwoInstancesAsync()
    {
        var url = await postgres.Server.CreateDatabaseAsync();
        var (first, second) = (Open(url), Open(url));
        await first.InitializeAsync(CancellationToken.None);
        await second.InitializeAsync(CancellationToken.None);
        return (first, second);
    }

    [Fact]
    public async Task Instances_starting_together_migrate_once()
    {
        var url = await postgres.Server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Open(url)).ToList();
        await Task.WhenAll(stores.Select(store => Task.Run(() => store.InitializeAsync(CancellationToken.None))));
        Assert.Equal(1, (await stores[0].AppendAsync(New("a"), CancellationToken.None)).Seq);
        foreach (var store in stores) await store.DisposeAsync();
    }

    /// <summary>
    /// Two instances' groups hold many users' row locks at once; taken in the same order, they
    /// wait for each other rather than deadlock, and every user's seqs stay whole.
    /// </summary>
    [Fact]
    public async Task Instances_publishing_to_the_same_users_at_once_share_and_skip_no_seq()
    {
        var (first, second) = await TwoInstancesAsync();
        await using var _ = first;
        await using var __ = second;
        string[] users = ["u1", "u2", "u3", "u4", "u5", "u6"];
        const int perUserPerInstance = 40;

        // Each instance walks the users in the opposite order, so unordered locks would cross.
        var appends = Enumerable.Range(0, perUserPerInstance).SelectMany(_ =>
            users.Select(user => first.AppendAsync(New(user), CancellationToken.None))
                .Concat(users.Reverse().Select(user => second.AppendAsync(New(user), CancellationToken.None))));
        var results = await Task.WhenAll(appends);

        foreach (var user in users)
        {
            var expected = Enumerable.Range(1, 2 * perUserPerInstance).Select(i => (long)i);
            Assert.Equal(expected, results.Where(r => r.Created!.UserId == user).Select(r => r.Seq).Order());
            Assert.Equal(expected, (await first.ReadAfterAsync(user, 0, 1000, CancellationToken.None)).Select(n => n.Seq));
        }
    }

    [Fact]
    public async Task Instances_racing_on_one_key_store_it_once_and_answer_the_same()
    {
        var (first, second) = await TwoInstancesAsync();
        await using var _ = first;
        await using var __ = second;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            first.AppendAsync(New("racer", "same-key"), CancellationToken.None),
            second.AppendAsync(New("racer", "same-key"), CancellationToken.None),
            first.AppendAsync(New("racer", $"other-{i}"), CancellationToken.None),
        }));

        var keyed = results.Where((_, i) => i % 3 != 2).ToList();
        Assert.Single(keyed, r => !r.Duplicate);
        Assert.Single(keyed.Select(r => (r.Id, r.Seq)).Distinct());
        var stored = await first.ReadAfterAsync("racer", 0, 100, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), stored.Select(n => n.Seq));
    }
}
