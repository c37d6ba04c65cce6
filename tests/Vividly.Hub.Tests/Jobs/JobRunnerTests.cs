using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;
using Vividly.Hub.Shared;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Jobs;

/// <summary>The runner on a fake clock, with real leases in a SQLite file the instances share.</summary>
public sealed class JobRunnerTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-runner-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
    private readonly List<JobRunner> _runners = [];
    private SqliteDatabase _database = null!;
    private SqlJobLeases _leases = null!;

    public async ValueTask InitializeAsync()
    {
        _database = new SqliteDatabase(Options.Create(new InboxStorageOptions { SqlitePath = Path.Combine(_directory, "inbox.db") }));
        await using (var store = new SqliteInboxStore(_database, Options.Create(new RetentionOptions()), Options.Create(new StoreGuardOptions()), _time))
        {
            await store.InitializeAsync(CancellationToken.None);
        }
        _leases = new SqlJobLeases(_database, _time);
    }

    private async Task<(CountedLeases Leases, RecordingLogger<JobRunner> Log)> StartAsync(string instance, params IBackgroundJob[] jobs)
    {
        var leases = new CountedLeases(_leases);
        var log = new RecordingLogger<JobRunner>();
        var runner = new JobRunner(jobs, leases, new InstanceIdentity(Options.Create(new InstanceOptions { InstanceId = instance })), _time, log);
        _runners.Add(runner);
        await runner.StartAsync(CancellationToken.None);
        return (leases, log);
    }

    /// <summary>Moves the clock one beat on and waits for each instance to check its lease on it, as every beat does.</summary>
    private async Task BeatAsync(params CountedLeases[] instances)
    {
        var before = instances.Select(i => i.Checks).ToArray();
        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.AssertAsync(() => instances.Select((i, n) => i.Checks > before[n]).All(x => x), Wait, "every instance checked its lease on the beat");
    }

    [Fact]
    public async Task A_job_runs_at_start_and_every_minute_after()
    {
        var job = new TestJob("every-minute", TimeSpan.FromMinutes(1));
        await StartAsync("hub-1", job);
        await Eventually.AssertAsync(() => job.Runs == 1, Wait, "it runs at start");

        for (var beat = 2; beat <= 4; beat++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await Eventually.AssertAsync(() => job.Runs == beat, Wait, $"run {beat} follows the minute");
        }
    }

    [Fact]
    public async Task A_job_of_a_longer_interval_runs_only_once_per_interval_while_its_lease_is_renewed_each_minute()
    {
        var hourly = new TestJob("hourly", TimeSpan.FromMinutes(60));
        var (leases, _) = await StartAsync("hub-1", hourly);
        await Eventually.AssertAsync(() => hourly.Runs == 1, Wait, "it runs at start");

        for (var minute = 1; minute < 60; minute++) await BeatAsync(leases);
        Assert.Equal(60, leases.Held);
        Assert.Equal(1, hourly.Runs);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.AssertAsync(() => hourly.Runs == 2, Wait, "it runs again an hour on");
    }

    [Fact]
    public async Task A_failing_job_is_logged_and_run_again_and_the_other_jobs_go_on()
    {
        var failing = new TestJob("failing", TimeSpan.FromMinutes(1), (_, _) => throw new InvalidOperationException("broken"));
        var healthy = new TestJob("healthy", TimeSpan.FromMinutes(1));
        var (_, log) = await StartAsync("hub-1", failing, healthy);
        await Eventually.AssertAsync(() => failing.Runs == 1 && healthy.Runs == 1, Wait, "both run at start");

        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.AssertAsync(() => failing.Runs == 2 && healthy.Runs == 2, Wait, "both run again a minute on");
        var errors = log.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("failing", e.Message, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal("broken", e.Exception!.Message));
    }

    [Fact]
    public async Task Of_two_instances_only_the_holder_runs_a_job_and_the_other_takes_over_once_the_lease_lapses()
    {
        var onFirst = new TestJob("shared", TimeSpan.FromMinutes(1));
        var onSecond = new TestJob("shared", TimeSpan.FromMinutes(1));
        var (first, _) = await StartAsync("hub-1", onFirst);
        await Eventually.AssertAsync(() => onFirst.Runs == 1, Wait, "the first instance takes the lease and runs");
        var (second, secondLog) = await StartAsync("hub-2", onSecond);
        await Eventually.AssertAsync(() => second.Checks == 1, Wait, "the second instance asks for the lease");

        for (var beat = 2; beat <= 4; beat++)
        {
            await BeatAsync(first, second);
            await Eventually.AssertAsync(() => onFirst.Runs == beat, Wait, "the holder runs it each minute");
        }
        Assert.Equal(0, second.Held);

        // The holder can no longer renew: the lease lapses three beats after its last renewal.
        first.CutOff = true;
        await BeatAsync(first, second);
        await BeatAsync(first, second);
        Assert.Equal(0, second.Held);
        await BeatAsync(first, second);
        Assert.Equal(1, second.Held);
        await Eventually.AssertAsync(() => onSecond.Runs == 1, Wait, "the second instance takes the lapsed lease and runs at once");
        Assert.Contains(secondLog.Entries, e => e.Message.Contains("lease taken by hub-2", StringComparison.Ordinal));

        // Back in reach, the first instance finds the lease taken and leaves the job alone.
        first.CutOff = false;
        await BeatAsync(first, second);
        await Eventually.AssertAsync(() => onSecond.Runs == 2, Wait, "the new holder keeps running it");
        Assert.Equal(4, onFirst.Runs);
    }

    [Fact]
    public async Task A_holder_that_stops_gives_the_lease_up_at_once()
    {
        var onFirst = new TestJob("shared", TimeSpan.FromMinutes(1));
        var onSecond = new TestJob("shared", TimeSpan.FromMinutes(1));
        await StartAsync("hub-1", onFirst);
        await Eventually.AssertAsync(() => onFirst.Runs == 1, Wait, "the first instance runs");
        var (second, _) = await StartAsync("hub-2", onSecond);
        await Eventually.AssertAsync(() => second.Checks == 1, Wait, "the second instance asks for the lease");

        await _runners[0].StopAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.AssertAsync(() => onSecond.Runs == 1, Wait, "the second instance runs on the next beat, not after the lapse");
    }

    [Fact]
    public async Task A_run_longer_than_the_lease_renews_it_so_no_other_instance_runs_beside_it()
    {
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new TestJob("slow", TimeSpan.FromMinutes(1), (_, ct) => finish.Task.WaitAsync(ct));
        var other = new TestJob("slow", TimeSpan.FromMinutes(1));
        var (first, _) = await StartAsync("hub-1", slow);
        await Eventually.AssertAsync(() => slow.Runs == 1, Wait, "the slow run starts");
        var (second, _) = await StartAsync("hub-2", other);

        for (var beat = 0; beat < 2 * JobRunner.LeaseBeats; beat++) await BeatAsync(first, second);
        Assert.Equal(0, second.Held);
        Assert.Equal(0, other.Runs);

        // A beat that comes before the runner saw the run end renews the lease again; the next one runs it.
        finish.SetResult();
        await Eventually.AssertAsync(async () =>
        {
            if (slow.Runs < 2) await BeatAsync(first, second);
            return slow.Runs >= 2;
        }, Wait, "the holder runs it again once the slow run is over");
        Assert.Equal(0, second.Held);
    }

    [Fact]
    public async Task A_holder_that_loses_the_lease_during_a_run_cancels_the_run()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new TestJob("slow", TimeSpan.FromMinutes(1), async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                cancelled.TrySetResult();
            }
        });
        var (first, _) = await StartAsync("hub-1", slow);
        await Eventually.AssertAsync(() => slow.Runs == 1, Wait, "the slow run starts");

        first.CutOff = true;
        await BeatAsync(first);
        await cancelled.Task.WaitAsync(Wait);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.StopAsync(CancellationToken.None);
            runner.Dispose();
        }
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        TestProcess.TryDeleteDirectory(_directory);
    }

    private sealed class TestJob(string name, TimeSpan interval, Func<int, CancellationToken, Task>? body = null) : IBackgroundJob
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Name => name;

        public TimeSpan Interval => interval;

        public Task RunAsync(CancellationToken cancellationToken)
        {
            var run = Interlocked.Increment(ref _runs);
            return body?.Invoke(run, cancellationToken) ?? Task.CompletedTask;
        }
    }
}
