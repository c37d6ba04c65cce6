using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Tests.Jobs;

public sealed class RetentionJobTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-retention-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SqliteInboxStore _store;

    public RetentionJobTests() =>
        _store = new SqliteInboxStore(new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = Path.Combine(_directory, "inbox.db") })),
            Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), _time);

    [Fact]
    public async Task A_run_applies_the_configured_age_and_cap()
    {
        await _store.InitializeAsync(CancellationToken.None);
        var notification = new NewNotification("a", NotificationTypes.SystemAnnouncement, "t", "m", NotificationPriorities.Normal, null, null);
        await _store.AppendAsync(notification, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(8));
        for (var i = 0; i < 12; i++) await _store.AppendAsync(notification, CancellationToken.None);

        var job = new RetentionJob(_store, Options.Create(new RetentionOptions { Days = 7, MaxPerUser = 10, IntervalMinutes = 60 }), _time,
            NullLogger<RetentionJob>.Instance);
        Assert.Equal(TimeSpan.FromHours(1), job.Interval);
        await job.RunAsync(CancellationToken.None);

        var kept = await _store.ReadAfterAsync("a", 0, 100, CancellationToken.None);
        Assert.Equal(Enumerable.Range(4, 10).Select(i => (long)i), kept.Select(n => n.Seq));
        Assert.Equal(3, (await _store.GetStateAsync("a", CancellationToken.None)).RemovedThroughSeq);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Testing.TestProcess.TryDeleteDirectory(_directory);
    }
}
