using System.Net.ServerSentEvents;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.EventStream;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.EventStream;

/// <summary>How one plain stream orders what live delivery hands it, over a real SQLite inbox.</summary>
public sealed class PlainStreamTests : IAsyncLifetime
{
    private const string User = "reader";
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-plain-unit-").FullName;
    private readonly MemoryStream _body = new();
    private SqliteInboxStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteInboxStore(new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = Path.Combine(_directory, "inbox.db") })),
            Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), TimeProvider.System);
        await _store.InitializeAsync(CancellationToken.None);
    }

    private async Task<Notification> AppendAsync(string title) =>
        (await _store.AppendAsync(new NewNotification(User, NotificationTypes.SystemAnnouncement, title, "m", NotificationPriorities.Normal, null, null),
            CancellationToken.None)).Created!;

    private PlainStream Stream(SseWriter writer, int pageSize = 2) => new(writer, _store, User, pageSize, CancellationToken.None);

    private async Task<List<string?>> WrittenIdsAsync()
    {
        _body.Position = 0;
        var ids = new List<string?>();
        await foreach (var item in SseParser.Create(_body).EnumerateAsync(TestContext.Current.CancellationToken))
            if (item.EventType == StreamEvents.Notification) ids.Add(item.EventId);
        return ids;
    }

    [Fact]
    public async Task Seqs_at_or_below_the_last_written_are_dropped_and_a_skipped_seq_is_read_from_the_inbox_first()
    {
        using var writer = new SseWriter(_body, () => { });
        using var stream = Stream(writer);
        var first = await AppendAsync("1");
        stream.StartAfter(0);
        await stream.Notification(first);
        var second = await AppendAsync("2");
        var third = await AppendAsync("3");

        // Two instances' sends crossed: 3 arrives before 2, then 1 again.
        await stream.Notification(third);
        await stream.Notification(second);
        await stream.Notification(first);

        Assert.Equal(["1", "2", "3"], await WrittenIdsAsync());
        Assert.Equal(3, stream.LastSeq);
    }

    [Fact]
    public async Task A_resume_request_reads_everything_after_the_last_written_seq_page_by_page()
    {
        using var writer = new SseWriter(_body, () => { });
        using var stream = Stream(writer, pageSize: 2);
        stream.StartAfter(1);
        for (var i = 1; i <= 5; i++) await AppendAsync($"{i}");

        await stream.ResumeRequested(new ResumeRequest("backplane_restored"));

        Assert.Equal(["2", "3", "4", "5"], await WrittenIdsAsync());
    }

    [Fact]
    public async Task Nothing_is_written_once_the_stream_has_ended()
    {
        var writes = 0;
        using var writer = new SseWriter(_body, () => writes++);
        using var stream = Stream(writer);
        stream.StartAfter(0);
        await writer.EndAsync(StreamEvents.Reconnect, new StreamReconnect("shutting_down", "bye", DateTimeOffset.UnixEpoch), TimeSpan.FromSeconds(1));

        await stream.Notification(await AppendAsync("late"));

        Assert.Equal(0, writes);
        Assert.Empty(await WrittenIdsAsync());
        Assert.Equal(0, stream.LastSeq);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
    }
}
