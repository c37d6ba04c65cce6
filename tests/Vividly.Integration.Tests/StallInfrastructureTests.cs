using System.Diagnostics;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// The stall tests' tools do what they claim on the real servers: a paused Redis or PostgreSQL
/// accepts sockets and answers nothing until resumed, DEBUG SLEEP keeps Redis busy for as long as
/// asked, a stopped PostgreSQL refuses and a started one answers, and a paused server disposed of
/// leaves no process behind.
/// </summary>
public sealed class StallInfrastructureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Probe = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_paused_redis_answers_no_ping_until_resumed_and_a_paused_one_disposed_of_leaves_no_process()
    {
        var redis = await RedisServer.StartNewAsync();
        var pid = redis.ProcessId;
        try
        {
            Assert.True(await redis.PingWithinAsync(Probe), "a running Redis answers PING");

            await redis.PauseAsync();
            Assert.True(Signals.IsStopped(pid), $"redis-server is stopped: {Signals.Describe([pid])}");
            Assert.False(await redis.PingWithinAsync(Probe), "a paused Redis answers no PING");

            await redis.ResumeAsync();
            Assert.False(Signals.IsStopped(pid), "redis-server runs again");
            Assert.True(await redis.PingWithinAsync(Probe), "a resumed Redis answers PING");

            await redis.PauseAsync();
        }
        finally
        {
            await redis.DisposeAsync();
        }
        Assert.False(Signals.Exists(pid), $"disposing of a paused Redis leaves no process: {Signals.Describe([pid])}");
    }

    [Fact]
    public async Task DEBUG_SLEEP_keeps_redis_from_answering_for_as_long_as_asked()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var sleep = await redis.SleepAsync(TimeSpan.FromSeconds(2));
        Assert.False(await redis.PingWithinAsync(Probe), "a sleeping Redis answers no PING");
        var slept = await sleep.Woken;
        output.WriteLine($"DEBUG SLEEP 2 answered after {slept.TotalSeconds:0.00} s");
        Assert.InRange(slept.TotalSeconds, 1.5, 5);
        Assert.True(await redis.PingWithinAsync(Probe), "Redis answers PING once awake");
    }

    [Fact]
    public async Task A_paused_postgres_stops_every_server_process_answers_nothing_and_runs_on_when_resumed()
    {
        var postgres = await PostgresServer.StartNewAsync();
        IReadOnlyList<int> processes;
        try
        {
            Assert.True(await postgres.AnswersWithinAsync(TimeSpan.FromSeconds(5)), "a running PostgreSQL answers SELECT 1");
            // An open session, as the hub's pool holds: its backend must be frozen too.
            await using var session = new Npgsql.NpgsqlConnection($"Host=127.0.0.1;Port={postgres.Port};Username=postgres;Database=postgres;Pooling=false");
            await session.OpenAsync();

            await postgres.PauseAsync();
            processes = postgres.ServerProcesses();
            output.WriteLine($"paused: {Signals.Describe(processes)}");
            Assert.True(processes.Count >= 4, $"the postmaster and its children (checkpointer, writers, the open session's backend…): {Signals.Describe(processes)}");
            // A backend that exited just before the pause stays a zombie until the stopped postmaster reaps it: it answers nothing either.
            Assert.All(processes, pid => Assert.True(Signals.IsStopped(pid) || !Signals.Exists(pid), $"every server process is stopped: {Signals.Describe(processes)}"));
            var asked = Stopwatch.StartNew();
            Assert.False(await postgres.AnswersWithinAsync(TimeSpan.FromSeconds(1)), "a paused PostgreSQL answers no new connection");
            var query = new Npgsql.NpgsqlCommand("SELECT 1", session).ExecuteScalarAsync();
            await Assert.ThrowsAsync<TimeoutException>(() => query.WaitAsync(TimeSpan.FromSeconds(1)));
            output.WriteLine($"probes of the paused server gave up after {asked.Elapsed.TotalSeconds:0.00} s");

            await postgres.ResumeAsync();
            Assert.All(processes, pid => Assert.False(Signals.IsStopped(pid), $"every server process runs again: {Signals.Describe(processes)}"));
            Assert.Equal(1, await query.WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.True(await postgres.AnswersWithinAsync(TimeSpan.FromSeconds(5)), "a resumed PostgreSQL answers SELECT 1");

            await postgres.PauseAsync();
            processes = postgres.ServerProcesses();
        }
        finally
        {
            await postgres.DisposeAsync();
        }
        await Eventually.AssertAsync(() => processes.All(pid => !Signals.Exists(pid)), TimeSpan.FromSeconds(10),
            $"disposing of a paused PostgreSQL leaves no process: {Signals.Describe(processes)}");
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("immediate")]
    public async Task A_stopped_postgres_refuses_and_answers_again_once_started_and_restart_gives_a_new_postmaster(string mode)
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var first = postgres.PostmasterId;

        await postgres.StopServerAsync(mode);
        Assert.False(Signals.Exists(first), "the postmaster is gone");
        Assert.False(await postgres.AnswersWithinAsync(TimeSpan.FromSeconds(2)), "a stopped PostgreSQL answers nothing");
        await postgres.StartServerAsync();
        var second = postgres.PostmasterId;
        Assert.True(await postgres.AnswersWithinAsync(TimeSpan.FromSeconds(5)), "a started PostgreSQL answers");

        await postgres.RestartAsync(mode);
        Assert.NotEqual(second, postgres.PostmasterId);
        Assert.True(await postgres.AnswersWithinAsync(TimeSpan.FromSeconds(5)), "a restarted PostgreSQL answers");
    }

    [Fact]
    public void Resident_memory_is_read_from_proc()
    {
        var bytes = Signals.ResidentBytes(Environment.ProcessId);
        output.WriteLine($"this test process: VmRSS {bytes / 1048576.0:0.0} MiB");
        Assert.InRange(bytes, 10L << 20, 8L << 30);
    }
}
