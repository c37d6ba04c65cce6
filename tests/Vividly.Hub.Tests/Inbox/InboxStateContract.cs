using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Inbox;

/// <summary>What the user does to their notifications besides reading them, the same on every engine.</summary>
public abstract partial class InboxStoreContract
{
    /// <summary>Runs SQL on the store's database behind its back, as an older hub would have left it.</summary>
    protected abstract Task RunSqlAsync(string sql);

    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<string> AppendForRequestAsync(string user, JsonNode? requestId) =>
        (await Store.AppendAsync(new NewNotification(user, NotificationTypes.GenerationCompleted, "Ready", "Message", NotificationPriorities.Normal,
            new JsonObject { ["content_request_id"] = requestId, ["content_id"] = "vid_1" }, null), None)).Id;

    private async Task<IReadOnlyList<string>> ViewAsync(string user, InboxView view) =>
        [.. (await Store.ListAsync(user, new InboxQuery(null, null, 50, view), None)).Items.Select(n => n.Id)];

    private async Task<Notification> OneAsync(string user, string id) =>
        (await Store.ReadAfterAsync(user, 0, 100, None)).Single(n => n.Id == id);

    private async Task<int> UnreadAsync(string user) => (await Store.GetStateAsync(user, None)).UnreadCount;

    [Fact]
    public async Task A_new_notification_is_unread_unseen_unarchived_and_unsnoozed_in_the_inbox_view()
    {
        var id = (await AppendAsync("a")).Id;
        var stored = await OneAsync("a", id);
        Assert.True(stored is { ReadAt: null, ArchivedAt: null, SnoozedUntil: null, SeenAt: null }, $"{stored}");
        Assert.Equal([id], await ViewAsync("a", InboxView.Inbox));
        Assert.Equal([id], await ViewAsync("a", InboxView.Unread));
        Assert.Empty(await ViewAsync("a", InboxView.Archived));
        Assert.Empty(await ViewAsync("a", InboxView.Snoozed));
    }

    [Fact]
    public async Task Marking_unread_undoes_a_read_and_answers_the_new_state()
    {
        var id = (await AppendAsync("a")).Id;
        await Store.MarkReadAsync("a", [id], None);
        Assert.Equal(0, await UnreadAsync("a"));

        var changed = Assert.Single(await Store.MarkUnreadAsync("a", [id], None));
        Assert.Equal(new NotificationState(id, null, null, null, null), changed);
        Assert.Null((await OneAsync("a", id)).ReadAt);
        Assert.Equal(1, await UnreadAsync("a"));
        Assert.Empty(await Store.MarkUnreadAsync("a", [id], None));
    }

    [Fact]
    public async Task Archiving_moves_to_the_archived_view_keeps_read_state_and_leaves_the_count_until_unarchived()
    {
        var read = (await AppendAsync("a")).Id;
        var unread = (await AppendAsync("a")).Id;
        await Store.MarkReadAsync("a", [read], None);
        var readAt = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromMinutes(5));

        var archived = await Store.ArchiveAsync("a", [read, unread], None);
        Assert.Equal(new[] { read, unread }.Order(), archived.Select(s => s.Id).Order());
        Assert.All(archived, state => Assert.Equal(Time.GetUtcNow(), state.ArchivedAt));
        Assert.Equal(readAt, archived.Single(s => s.Id == read).ReadAt);
        Assert.Null(archived.Single(s => s.Id == unread).ReadAt);
        Assert.Equal(0, await UnreadAsync("a"));
        Assert.Empty(await ViewAsync("a", InboxView.Inbox));
        Assert.Equal([unread, read], await ViewAsync("a", InboxView.Archived));
        Assert.Empty(await Store.ArchiveAsync("a", [read], None));

        var back = Assert.Single(await Store.UnarchiveAsync("a", [unread], None));
        Assert.Null(back.ArchivedAt);
        Assert.Equal([unread], await ViewAsync("a", InboxView.Inbox));
        Assert.Equal(1, await UnreadAsync("a"));
        Assert.Equal(1, (await Store.ListAsync("a", new InboxQuery(null, null, 10, InboxView.Archived), None)).UnreadCount);
    }

    [Fact]
    public async Task Archive_read_takes_only_the_read_notifications_of_the_inbox_view()
    {
        var read = (await AppendAsync("a")).Id;
        var unread = (await AppendAsync("a")).Id;
        var snoozedRead = (await AppendAsync("a")).Id;
        var theirs = (await AppendAsync("b")).Id;
        await Store.MarkReadAsync("a", [read, snoozedRead], None);
        await Store.MarkReadAsync("b", [theirs], None);
        await Store.SnoozeAsync("a", [snoozedRead], Time.GetUtcNow().AddHours(1), None);

        Assert.Equal([read], (await Store.ArchiveReadAsync("a", None)).Select(s => s.Id));
        Assert.Equal([unread], await ViewAsync("a", InboxView.Inbox));
        Assert.Equal([snoozedRead], await ViewAsync("a", InboxView.Snoozed));
        Assert.Equal([theirs], await ViewAsync("b", InboxView.Inbox));
        Assert.Empty(await Store.ArchiveReadAsync("a", None));
    }

    [Fact]
    public async Task Snoozing_hides_from_the_inbox_view_and_its_count_until_unsnoozed()
    {
        var first = await AppendAsync("a");
        var second = (await AppendAsync("a")).Id;
        var until = Time.GetUtcNow().AddHours(3);

        var snoozed = Assert.Single(await Store.SnoozeAsync("a", [first.Id], until, None));
        Assert.Equal(until, snoozed.SnoozedUntil);
        Assert.Equal([second], await ViewAsync("a", InboxView.Inbox));
        Assert.Equal([first.Id], await ViewAsync("a", InboxView.Snoozed));
        Assert.Equal(1, await UnreadAsync("a"));
        Assert.Empty(await Store.SnoozeAsync("a", [first.Id], until, None));

        // Snoozed again, it takes the new time; once archived it is in the archived view only.
        var later = until.AddDays(1);
        Assert.Equal(later, Assert.Single(await Store.SnoozeAsync("a", [first.Id], later, None)).SnoozedUntil);
        await Store.ArchiveAsync("a", [first.Id], None);
        Assert.Empty(await ViewAsync("a", InboxView.Snoozed));
        Assert.Equal([first.Id], await ViewAsync("a", InboxView.Archived));
        await Store.UnarchiveAsync("a", [first.Id], None);

        var back = Assert.Single(await Store.UnsnoozeAsync("a", [first.Id], None));
        Assert.Null(back.SnoozedUntil);
        Assert.Equal([second, first.Id], await ViewAsync("a", InboxView.Inbox));
        Assert.Equal(2, await UnreadAsync("a"));
        // By hand, an unsnooze keeps the notification's seq.
        Assert.Equal(first.Seq, (await OneAsync("a", first.Id)).Seq);
        Assert.Empty(await Store.UnsnoozeAsync("a", [first.Id], None));
    }

    [Fact]
    public async Task Seen_is_set_once_and_leaves_read_state_alone()
    {
        var id = (await AppendAsync("a")).Id;
        var seenAt = Time.GetUtcNow();
        var seen = Assert.Single(await Store.MarkSeenAsync("a", [id], None));
        Assert.Equal(new NotificationState(id, null, null, null, seenAt), seen);

        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await Store.MarkSeenAsync("a", [id], None));
        Assert.Equal(seenAt, (await OneAsync("a", id)).SeenAt);
        Assert.Equal(1, await UnreadAsync("a"));
    }

    [Fact]
    public async Task Actions_change_nothing_of_another_user_or_of_ids_in_no_inbox()
    {
        var theirs = (await AppendAsync("b")).Id;
        await Store.MarkReadAsync("b", [theirs], None);
        var until = Time.GetUtcNow().AddHours(1);

        Assert.Empty(await Store.MarkUnreadAsync("a", [theirs, "no-such-id"], None));
        Assert.Empty(await Store.ArchiveAsync("a", [theirs], None));
        Assert.Empty(await Store.SnoozeAsync("a", [theirs], until, None));
        Assert.Empty(await Store.MarkSeenAsync("a", [theirs], None));
        Assert.Empty(await Store.ArchiveReadAsync("a", None));
        var stored = await OneAsync("b", theirs);
        Assert.True(stored is { ReadAt: not null, ArchivedAt: null, SnoozedUntil: null, SeenAt: null }, $"{stored}");
        Assert.Empty(await Store.MarkSeenAsync("a", [], None));
    }

    [Fact]
    public async Task Reading_a_request_marks_each_of_its_notifications_read_and_archives_them_when_asked()
    {
        var started = await AppendForRequestAsync("a", "req_1");
        var completed = await AppendForRequestAsync("a", "req_1");
        var other = await AppendForRequestAsync("a", "req_2");
        var theirs = await AppendForRequestAsync("b", "req_1");
        await Store.MarkReadAsync("a", [started], None);

        var read = await Store.MarkRequestReadAsync("a", "req_1", archive: false, None);
        Assert.Equal([completed], read!.Select(s => s.Id));
        Assert.Equal([other], await ViewAsync("a", InboxView.Unread));
        Assert.Empty(await Store.MarkRequestReadAsync("a", "req_1", archive: false, None) ?? throw new InvalidOperationException("The request is the user's."));

        Time.Advance(TimeSpan.FromMinutes(1));
        var archived = await Store.MarkRequestReadAsync("a", "req_1", archive: true, None) ?? throw new InvalidOperationException("The request is the user's.");
        Assert.Equal(new[] { completed, started }.Order(), archived.Select(s => s.Id).Order());
        Assert.All(archived, state => Assert.Equal(Time.GetUtcNow(), state.ArchivedAt));
        Assert.All(archived, state => Assert.True(state.ReadAt < Time.GetUtcNow(), "read earlier, read_at kept"));
        Assert.Equal([other], await ViewAsync("a", InboxView.Inbox));

        Assert.Null(await Store.MarkRequestReadAsync("a", "req_9", archive: false, None));
        Assert.Null(await Store.MarkRequestReadAsync("c", "req_1", archive: true, None));
        Assert.Equal([theirs], await ViewAsync("b", InboxView.Unread));
    }

    [Fact]
    public async Task Only_a_string_request_id_in_the_payload_is_stored()
    {
        await AppendForRequestAsync("a", 42);
        await AppendForRequestAsync("a", new JsonObject { ["content_request_id"] = "nested" });
        await AppendForRequestAsync("a", "bad\u0000id");
        Assert.Null(await Store.MarkRequestReadAsync("a", "42", archive: false, None));
        Assert.Null(await Store.MarkRequestReadAsync("a", "nested", archive: false, None));
        Assert.Equal(3, await UnreadAsync("a"));
    }

    [Fact]
    public async Task Request_ids_of_notifications_stored_before_the_column_are_filled_at_start()
    {
        var old = await AppendForRequestAsync("a", "req_old");
        await AppendForRequestAsync("a", 7);
        await RunSqlAsync("UPDATE notifications SET content_request_id = NULL");
        Assert.Null(await Store.MarkRequestReadAsync("a", "req_old", archive: false, None));

        await Store.InitializeAsync(None);
        await Store.InitializeAsync(None);

        Assert.Equal([old], (await Store.MarkRequestReadAsync("a", "req_old", archive: false, None))!.Select(s => s.Id));
        Assert.Equal(1, await UnreadAsync("a"));
    }
}
