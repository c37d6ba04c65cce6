using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Notifications;

namespace Vividly.Hub.Tests.Inbox;

/// <summary>What every inbox store must do; each engine runs the same suite.</summary>
public abstract partial class InboxStoreContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero));

    /// <summary>The store's INBOX_MAX_PER_USER: above every other test's count per user.</summary>
    protected const int MaxPerUser = 100;

    protected static IOptions<RetentionOptions> Retention { get; } = Options.Create(new RetentionOptions { MaxPerUser = MaxPerUser });

    protected IInboxStore Store { get; private set; } = null!;

    protected abstract Task<IInboxStore> CreateStoreAsync();

    public async ValueTask InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => DisposeStoreAsync();

    protected abstract ValueTask DisposeStoreAsync();

    private static NewNotification New(string user, string? key = null, string title = "Hello") =>
        new(user, NotificationTypes.SystemAnnouncement, title, "Message", NotificationPriorities.Normal,
            new JsonObject { ["content_id"] = "vid_1", ["duration_seconds"] = 183 }, key);

    private Task<AppendResult> AppendAsync(string user, string? key = null) => Store.AppendAsync(New(user, key), CancellationToken.None);

    [Fact]
    public async Task Seqs_start_at_one_and_count_up_per_user()
    {
        Assert.Equal(1, (await AppendAsync("a")).Seq);
        Assert.Equal(2, (await AppendAsync("a")).Seq);
        Assert.Equal(1, (await AppendAsync("b")).Seq);
        Assert.Equal(3, (await AppendAsync("a")).Seq);
    }

    [Fact]
    public async Task A_stored_notification_reads_back_whole()
    {
        var created = (await AppendAsync("a")).Created!;
        var read = Assert.Single(await Store.ReadAfterAsync("a", 0, 10, CancellationToken.None));
        Assert.Equal(created.Id, read.Id);
        Assert.Equal(Time.GetUtcNow(), read.CreatedAt);
        Assert.Null(read.ReadAt);
        Assert.Equal(183, read.Payload!["duration_seconds"]!.GetValue<int>());
        Assert.Equal("Hello", read.Title);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_answers_the_first_result_and_stores_nothing()
    {
        var first = await AppendAsync("a", "req-1:started");
        var again = await AppendAsync("a", "req-1:started");
        var otherUser = await AppendAsync("b", "req-1:started");

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal((first.Id, first.Seq), (again.Id, again.Seq));
        Assert.False(otherUser.Duplicate);
        Assert.Single(await Store.ReadAfterAsync("a", 0, 10, CancellationToken.None));
        Assert.Equal(2, (await AppendAsync("a")).Seq);
    }

    [Fact]
    public async Task Idempotency_outlives_clearing_the_inbox()
    {
        var first = await AppendAsync("a", "req-9:completed");
        await Store.ClearAsync("a", CancellationToken.None);
        var again = await AppendAsync("a", "req-9:completed");
        Assert.True(again.Duplicate);
        Assert.Equal(first.Seq, again.Seq);
        Assert.Empty(await Store.ReadAfterAsync("a", 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_publishes_for_one_user_never_share_or_skip_a_seq()
    {
        const int count = 60;
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => AppendAsync("busy"))));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), results.Select(r => r.Seq).Order());
        var stored = await Store.ReadAfterAsync("busy", 0, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), stored.Select(n => n.Seq));
    }

    [Fact]
    public async Task Appends_started_together_are_stored_in_the_order_they_were_started()
    {
        var started = Enumerable.Range(0, 60).Select(i => (User: i % 3 == 0 ? "b" : "a", Title: $"n{i}")).ToList();
        var appends = started.Select(s => Store.AppendAsync(New(s.User, title: s.Title), CancellationToken.None)).ToList();
        await Task.WhenAll(appends);

        foreach (var user in new[] { "a", "b" })
        {
            var titles = started.Where(s => s.User == user).Select(s => s.Title).ToList();
            Assert.Equal(titles, (await Store.ReadAfterAsync(user, 0, 100, CancellationToken.None)).Select(n => n.Title));
            Assert.Equal(Enumerable.Range(1, titles.Count).Select(i => (long)i),
                started.Select((s, i) => (s.User, appends[i].Result.Seq)).Where(x => x.User == user).Select(x => x.Seq));
        }
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_key_store_it_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => AppendAsync("racer", "same-key"))));
        Assert.Single(results, r => !r.Duplicate);
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(await Store.ReadAfterAsync("racer", 0, 100, CancellationToken.None));
    }

    [Fact]
    public async Task Reading_after_a_seq_answers_oldest_first_up_to_the_limit()
    {
        for (var i = 0; i < 7; i++) await AppendAsync("a");
        var page = await Store.ReadAfterAsync("a", 2, 3, CancellationToken.None);
        Assert.Equal([3L, 4L, 5L], page.Select(n => n.Seq));
        Assert.Empty(await Store.ReadAfterAsync("a", 7, 3, CancellationToken.None));
        Assert.Empty(await Store.ReadAfterAsync("nobody", 0, 3, CancellationToken.None));
    }

    [Fact]
    public async Task State_carries_the_last_seq_and_unread_count()
    {
        Assert.Equal(new InboxState(0, 0, 0), await Store.GetStateAsync("a", CancellationToken.None));
        var first = await AppendAsync("a");
        await AppendAsync("a");
        await Store.MarkReadAsync("a", [first.Id], CancellationToken.None);
        Assert.Equal(new InboxState(2, 1, 0), await Store.GetStateAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task Listing_pages_newest_first()
    {
        for (var i = 0; i < 5; i++) await AppendAsync("a");
        var first = await Store.ListAsync("a", new InboxQuery(null, null, 2), CancellationToken.None);
        Assert.Equal([5L, 4L], first.Items.Select(n => n.Seq));
        Assert.Equal(4, first.NextBeforeSeq);
        var second = await Store.ListAsync("a", new InboxQuery(null, first.NextBeforeSeq, 2), CancellationToken.None);
        Assert.Equal([3L, 2L], second.Items.Select(n => n.Seq));
        var last = await Store.ListAsync("a", new InboxQuery(null, second.NextBeforeSeq, 2), CancellationToken.None);
        Assert.Equal([1L], last.Items.Select(n => n.Seq));
        Assert.Null(last.NextBeforeSeq);
        Assert.Equal(5, last.UnreadCount);
    }

    [Fact]
    public async Task Listing_can_keep_to_unread_and_after_a_seq()
    {
        var one = await AppendAsync("a");
        await AppendAsync("a");
        await AppendAsync("a");
        await Store.MarkReadAsync("a", [one.Id], CancellationToken.None);
        var unread = await Store.ListAsync("a", new InboxQuery(null, null, 10, InboxView.Unread), CancellationToken.None);
        Assert.Equal([3L, 2L], unread.Items.Select(n => n.Seq));
        var after = await Store.ListAsync("a", new InboxQuery(2, null, 10), CancellationToken.None);
        Assert.Equal([3L], after.Items.Select(n => n.Seq));
    }

    [Fact]
    public async Task Marking_read_touches_only_the_users_own_unread_notifications()
    {
        var mine = await AppendAsync("a");
        var theirs = await AppendAsync("b");
        Time.Advance(TimeSpan.FromMinutes(1));

        var changed = await Store.MarkReadAsync("a", [mine.Id, theirs.Id, "no-such-id"], CancellationToken.None);
        Assert.Equal([mine.Id], changed.Select(state => state.Id));
        Assert.Empty(await Store.MarkReadAsync("a", [mine.Id], CancellationToken.None));
        Assert.Equal(Time.GetUtcNow(), (await Store.ReadAfterAsync("a", 0, 1, CancellationToken.None))[0].ReadAt);
        Assert.Equal(1, (await Store.GetStateAsync("b", CancellationToken.None)).UnreadCount);
        Assert.True(await Store.ExistsAsync("b", theirs.Id, CancellationToken.None));
        Assert.False(await Store.ExistsAsync("a", theirs.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Mark_all_read_and_clear_keep_to_one_user_and_seqs_go_on()
    {
        await AppendAsync("a");
        await AppendAsync("a");
        await AppendAsync("b");
        Assert.Equal(2, (await Store.MarkAllReadAsync("a", CancellationToken.None)).Count);
        Assert.Equal(0, (await Store.GetStateAsync("a", CancellationToken.None)).UnreadCount);
        Assert.Equal(1, (await Store.GetStateAsync("b", CancellationToken.None)).UnreadCount);

        Assert.Equal(2, await Store.ClearAsync("a", CancellationToken.None));
        Assert.Empty(await Store.ReadAfterAsync("a", 0, 10, CancellationToken.None));
        Assert.Equal(3, (await AppendAsync("a")).Seq);
        Assert.Single(await Store.ReadAfterAsync("b", 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Clearing_remembers_which_seqs_are_gone()
    {
        await AppendAsync("a");
        await AppendAsync("a");
        await Store.ClearAsync("a", CancellationToken.None);
        Assert.Equal(new InboxState(2, 0, 2), await Store.GetStateAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task Retention_removes_old_notifications_and_keeps_seqs_going()
    {
        await AppendAsync("a");
        await AppendAsync("a", "old-key");
        Time.Advance(TimeSpan.FromDays(31));
        await AppendAsync("a");
        await AppendAsync("b");

        var removed = await Store.RemoveExpiredAsync(Time.GetUtcNow() - TimeSpan.FromDays(30), keepPerUser: 100, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal([3L], (await Store.ReadAfterAsync("a", 0, 10, CancellationToken.None)).Select(n => n.Seq));
        Assert.Equal(new InboxState(3, 1, 2), await Store.GetStateAsync("a", CancellationToken.None));
        Assert.Equal(new InboxState(1, 1, 0), await Store.GetStateAsync("b", CancellationToken.None));
        Assert.Equal(4, (await AppendAsync("a")).Seq);
        Assert.False((await AppendAsync("a", "old-key")).Duplicate);
    }

    [Fact]
    public async Task Retention_keeps_only_the_newest_per_user()
    {
        for (var i = 0; i < 8; i++) await AppendAsync("a");
        for (var i = 0; i < 2; i++) await AppendAsync("b");

        Assert.Equal(5, await Store.RemoveExpiredAsync(Time.GetUtcNow() - TimeSpan.FromDays(30), keepPerUser: 3, CancellationToken.None));
        Assert.Equal([6L, 7L, 8L], (await Store.ReadAfterAsync("a", 0, 10, CancellationToken.None)).Select(n => n.Seq));
        Assert.Equal(5, (await Store.GetStateAsync("a", CancellationToken.None)).RemovedThroughSeq);
        Assert.Equal(2, (await Store.ReadAfterAsync("b", 0, 10, CancellationToken.None)).Count);
        Assert.Equal(0, await Store.RemoveExpiredAsync(Time.GetUtcNow() - TimeSpan.FromDays(30), keepPerUser: 3, CancellationToken.None));
    }

    [Fact]
    public async Task An_append_over_the_cap_removes_the_oldest_at_once()
    {
        var first = await AppendAsync("a", "first-key");
        for (var i = 1; i < MaxPerUser; i++) await AppendAsync("a");
        await AppendAsync("b");
        Assert.Equal(new InboxState(MaxPerUser, MaxPerUser, 0), await Store.GetStateAsync("a", CancellationToken.None));

        // Concurrent appends land in one SQLite group commit; each must trim as it goes.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => AppendAsync("a"))));

        const long last = MaxPerUser + 5;
        Assert.Equal(new InboxState(last, MaxPerUser, 5), await Store.GetStateAsync("a", CancellationToken.None));
        var kept = await Store.ReadAfterAsync("a", 0, MaxPerUser * 2, CancellationToken.None);
        Assert.Equal(Enumerable.Range(6, MaxPerUser).Select(i => (long)i), kept.Select(n => n.Seq));
        Assert.Single(await Store.ReadAfterAsync("b", 0, 10, CancellationToken.None));
        var again = await AppendAsync("a", "first-key");
        Assert.True(again.Duplicate);
        Assert.Equal((first.Id, first.Seq), (again.Id, again.Seq));
        Assert.Equal(0, await Store.RemoveExpiredAsync(Time.GetUtcNow() - TimeSpan.FromDays(30), MaxPerUser, CancellationToken.None));
    }

    [Fact]
    public async Task The_cap_never_moves_removed_through_back_after_a_clear()
    {
        for (var i = 0; i < MaxPerUser; i++) await AppendAsync("a");
        await Store.ClearAsync("a", CancellationToken.None);
        await AppendAsync("a");
        Assert.Equal(new InboxState(MaxPerUser + 1, 1, MaxPerUser), await Store.GetStateAsync("a", CancellationToken.None));
        Assert.Equal([MaxPerUser + 1L], (await Store.ReadAfterAsync("a", 0, 10, CancellationToken.None)).Select(n => n.Seq));
    }

    [Fact]
    public async Task Initializing_again_keeps_the_data()
    {
        await AppendAsync("a");
        await Store.InitializeAsync(CancellationToken.None);
        Assert.Equal(2, (await AppendAsync("a")).Seq);
        Assert.True(await Store.PingAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Names), MemberType = typeof(HostileInputs))]
    public async Task A_hostile_input_is_refused_before_the_store_or_reads_back_whole(string name)
    {
        var (input, _, json) = HostileInputs.ForNewUser(name);
        using var body = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
        var notification = PublishRequestReader.ReadValid(body.RootElement, out var errors);
        if (input.RefusedField is { } field)
        {
            Assert.Null(notification);
            Assert.Contains(field, errors.Keys);
            return;
        }

        Assert.NotNull(notification);
        var created = (await Store.AppendAsync(notification, CancellationToken.None)).Created!;
        var read = Assert.Single(await Store.ReadAfterAsync(notification.UserId, 0, 10, CancellationToken.None));
        var listed = Assert.Single((await Store.ListAsync(notification.UserId, new InboxQuery(null, null, 10), CancellationToken.None)).Items);
        foreach (var stored in new[] { read, listed })
        {
            Assert.Equal((created.Id, notification.UserId, notification.Title, notification.Message), (stored.Id, stored.UserId, stored.Title, stored.Message));
            Assert.True(JsonNode.DeepEquals(notification.Payload, stored.Payload), $"payload read back as {stored.Payload?.ToJsonString()}");
        }
        if (notification.IdempotencyKey is not null)
            Assert.True((await Store.AppendAsync(notification, CancellationToken.None)).Duplicate);
    }
}
