using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Jobs;

/// <summary>
/// What the jobs ask of every store: ended snoozes return at the user's next seq, read items are
/// archived. Snoozing and archiving themselves are set in the columns directly.
/// </summary>
public abstract class InboxMaintenanceContract : IAsyncLifetime
{
    protected const int MaxPerUser = 100;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    protected static IOptions<RetentionOptions> Retention { get; } = Options.Create(new RetentionOptions { MaxPerUser = MaxPerUser });

    protected static IOptions<StoreGuardOptions> Guard { get; } = Options.Create(new StoreGuardOptions());

    private IInboxStore Store => (IInboxStore)Maintenance;

    protected IInboxMaintenance Maintenance { get; private set; } = null!;

    protected abstract Task<IInboxMaintenance> CreateStoreAsync();

    protected abstract ValueTask DisposeStoreAsync();

    /// <summary>Runs <paramref name="sql"/> on the store's database, as another branch of the code would.</summary>
    protected abstract Task<object?> SqlAsync(string sql, params (string Name, object Value)[] parameters);

    public async ValueTask InitializeAsync()
    {
        Maintenance = await CreateStoreAsync();
        await Store.InitializeAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => DisposeStoreAsync();

    private async Task<Notification> AppendAsync(string user, string? key = null) =>
        (await Store.AppendAsync(new NewNotification(user, NotificationTypes.SystemAnnouncement, "t", "m", NotificationPriorities.Normal, null, key),
            CancellationToken.None)).Created!;

    private Task SnoozeAsync(string id, TimeSpan fromNow) =>
        SqlAsync("UPDATE notifications SET snoozed_until = @until WHERE id = @id", ("until", (Time.GetUtcNow() + fromNow).ToUnixTimeMilliseconds()), ("id", id));

    private Task<IReadOnlyList<Notification>> ReturnDueAsync() => Maintenance.ReturnSnoozedAsync(Time.GetUtcNow(), 500, CancellationToken.None);

    private async Task<IReadOnlyList<long>> SeqsAsync(string user) =>
        (await Store.ReadAfterAsync(user, 0, 1000, CancellationToken.None)).Select(n => n.Seq).ToList();

    [Fact]
    public async Task An_ended_snooze_moves_the_notification_to_the_users_next_seq_keeping_its_id_creation_and_read_state()
    {
        var snoozed = await AppendAsync("a");
        await Store.MarkReadAsync("a", [snoozed.Id], CancellationToken.None);
        var readAt = (await Store.ReadAfterAsync("a", 0, 1, CancellationToken.None))[0].ReadAt;
        Time.Advance(TimeSpan.FromMinutes(1));
        await AppendAsync("a");
        await AppendAsync("a");
        await SnoozeAsync(snoozed.Id, TimeSpan.FromMinutes(10));

        Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await ReturnDueAsync());
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var returned = Assert.Single(await ReturnDueAsync());

        Assert.Equal((snoozed.Id, 4L, snoozed.CreatedAt, readAt), (returned.Id, returned.Seq, returned.CreatedAt, returned.ReadAt));
        Assert.Equal(new InboxState(4, 2, 0), await Store.GetStateAsync("a", CancellationToken.None));
        // A device that stopped at seq 3 resumes it; its old seq is read no more.
        Assert.Equal([returned], await Store.ReadAfterAsync("a", 3, 10, CancellationToken.None));
        Assert.Equal([2L, 3L, 4L], await SeqsAsync("a"));
        Assert.True(await SqlAsync("SELECT snoozed_until FROM notifications WHERE id = @id", ("id", snoozed.Id)) is null or DBNull);
        Assert.Empty(await ReturnDueAsync());
        Assert.Equal(5, (await AppendAsync("a")).Seq);
    }

    [Fact]
    public async Task Each_users_returns_take_its_next_seqs_in_the_order_they_had()
    {
        var a1 = await AppendAsync("a");
        var a2 = await AppendAsync("a");
        await AppendAsync("a");
        var b1 = await AppendAsync("b");
        await AppendAsync("b");
        await SnoozeAsync(a2.Id, TimeSpan.FromMinutes(5));
        await SnoozeAsync(a1.Id, TimeSpan.FromMinutes(5));
        await SnoozeAsync(b1.Id, TimeSpan.FromMinutes(5));
        Time.Advance(TimeSpan.FromMinutes(5));

        var returned = await ReturnDueAsync();

        Assert.Equal([(a1.Id, 4L), (a2.Id, 5L)], returned.Where(n => n.UserId == "a").Select(n => (n.Id, n.Seq)));
        Assert.Equal([(b1.Id, 3L)], returned.Where(n => n.UserId == "b").Select(n => (n.Id, n.Seq)));
        Assert.Equal([3L, 4L, 5L], await SeqsAsync("a"));
        Assert.Equal(3, (await Store.GetStateAsync("b", CancellationToken.None)).LastSeq);
    }

    [Fact]
    public async Task An_archived_notification_whose_snooze_ends_stays_where_it_is()
    {
        var archived = await AppendAsync("a");
        await SnoozeAsync(archived.Id, TimeSpan.FromMinutes(1));
        await SqlAsync("UPDATE notifications SET archived_at = @at WHERE id = @id", ("at", Time.GetUtcNow().ToUnixTimeMilliseconds()), ("id", archived.Id));
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await ReturnDueAsync());
        Assert.Equal([1L], await SeqsAsync("a"));
        Assert.Equal(1, (await Store.GetStateAsync("a", CancellationToken.None)).LastSeq);
        Assert.True(await SqlAsync("SELECT snoozed_until FROM notifications WHERE id = @id", ("id", archived.Id)) is null or DBNull);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_is_answered_with_the_returned_seq()
    {
        var first = await AppendAsync("a", "req-1:completed");
        await SnoozeAsync(first.Id, TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(1));
        await ReturnDueAsync();

        var again = await Store.AppendAsync(new NewNotification("a", NotificationTypes.SystemAnnouncement, "t", "m", NotificationPriorities.Normal, null, "req-1:completed"),
            CancellationToken.None);
        Assert.Equal((first.Id, 2L, true), (again.Id, again.Seq, again.Duplicate));
    }

    [Fact]
    public async Task A_return_holds_the_per_user_cap_as_an_append_does()
    {
        var oldest = await AppendAsync("a");
        for (var i = 1; i < MaxPerUser; i++) await AppendAsync("a");
        await SnoozeAsync(oldest.Id, TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(MaxPerUser + 1, Assert.Single(await ReturnDueAsync()).Seq);
        Assert.Equal(Enumerable.Range(2, MaxPerUser).Select(i => (long)i), await SeqsAsync("a"));
        Assert.Equal(1, (await Store.GetStateAsync("a", CancellationToken.None)).RemovedThroughSeq);
    }

    /// <summary>A returned notification keeps its creation time at a newer seq: retention must not take the newer ones below it along.</summary>
    [Fact]
    public async Task Retention_after_a_return_expires_no_notification_newer_than_its_cutoff()
    {
        var old = await AppendAsync("a");
        var stillSnoozed = await AppendAsync("a");
        await SnoozeAsync(old.Id, TimeSpan.FromDays(20));
        await SnoozeAsync(stillSnoozed.Id, TimeSpan.FromDays(30));
        Time.Advance(TimeSpan.FromDays(20));
        await AppendAsync("a");
        await AppendAsync("a");
        Assert.Equal(5, Assert.Single(await ReturnDueAsync()).Seq);

        Time.Advance(TimeSpan.FromDays(5));
        await Store.RemoveExpiredAsync(Time.GetUtcNow() - TimeSpan.FromDays(10), MaxPerUser, CancellationToken.None);
        Assert.Equal([2L, 3L, 4L, 5L], await SeqsAsync("a"));

        // Once its snooze is over too and everything below it has aged, the old ones go.
        await SqlAsync("UPDATE notifications SET snoozed_until = NULL WHERE id = @id", ("id", stillSnoozed.Id));
        Time.Advance(TimeSpan.FromDays(20));
        await Store.RemoveExpiredAsync(Time.GetUtcNow() - TimeSpan.FromDays(10), MaxPerUser, CancellationToken.None);
        Assert.Empty(await SeqsAsync("a"));
        Assert.Equal(5, (await Store.GetStateAsync("a", CancellationToken.None)).RemovedThroughSeq);
    }

    [Fact]
    public async Task Archiving_takes_items_read_before_the_cutoff_and_nothing_else()
    {
        var readLongAgo = await AppendAsync("a");
        var unread = await AppendAsync("a");
        var snoozed = await AppendAsync("a");
        var otherUser = await AppendAsync("b");
        await Store.MarkReadAsync("a", [readLongAgo.Id, snoozed.Id], CancellationToken.None);
        await Store.MarkReadAsync("b", [otherUser.Id], CancellationToken.None);
        await SnoozeAsync(snoozed.Id, TimeSpan.FromDays(30));
        Time.Advance(TimeSpan.FromDays(10));
        var readLately = await AppendAsync("a");
        await Store.MarkReadAsync("a", [readLately.Id], CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(5));

        var archived = await Maintenance.ArchiveReadBeforeAsync(Time.GetUtcNow() - TimeSpan.FromDays(14), 1000, CancellationToken.None);

        Assert.Equal([("a", readLongAgo.Id), ("b", otherUser.Id)], archived.Select(a => (a.UserId, a.State.Id)).Order());
        Assert.All(archived, a => Assert.Equal((Time.GetUtcNow(), TimeSpan.FromDays(15)), (a.State.ArchivedAt!.Value, Time.GetUtcNow() - a.State.ReadAt!.Value)));
        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds(),
            Convert.ToInt64(await SqlAsync("SELECT archived_at FROM notifications WHERE id = @id", ("id", readLongAgo.Id)), System.Globalization.CultureInfo.InvariantCulture));
        foreach (var kept in new[] { unread, snoozed, readLately })
            Assert.True(await SqlAsync("SELECT archived_at FROM notifications WHERE id = @id", ("id", kept.Id)) is null or DBNull);
        Assert.Empty(await Maintenance.ArchiveReadBeforeAsync(Time.GetUtcNow() - TimeSpan.FromDays(14), 1000, CancellationToken.None));
    }

    [Fact]
    public async Task Archiving_goes_no_further_than_its_limit()
    {
        for (var i = 0; i < 5; i++) await AppendAsync("a");
        await Store.MarkAllReadAsync("a", CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(15));

        Assert.Equal(3, (await Maintenance.ArchiveReadBeforeAsync(Time.GetUtcNow() - TimeSpan.FromDays(14), 3, CancellationToken.None)).Count);
        Assert.Equal(2, (await Maintenance.ArchiveReadBeforeAsync(Time.GetUtcNow() - TimeSpan.FromDays(14), 3, CancellationToken.None)).Count);
    }
}
