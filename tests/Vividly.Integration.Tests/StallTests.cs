using System.Diagnostics;
using System.Globalization;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>
/// Degrade, don't hang: Redis or PostgreSQL frozen with SIGSTOP (every PostgreSQL process),
/// a Redis busy with DEBUG SLEEP, and a PostgreSQL restart, each under ~10 publishes/s through
/// one of two hubs, with stock JS, stock .NET and the project's own clients on both. Each test
/// prints its figures, then checks every bound of the issue and fails naming each one missed.
/// </summary>
[Collection(Stalls.Name)]
public sealed class StallTests(ITestOutputHelper output)
{
    /// <summary>How long Redis or PostgreSQL stays frozen: the stalls seen in production lasted 20 to 25 s.</summary>
    private static readonly TimeSpan StallDuration = TimeSpan.FromSeconds(20);
    /// <summary>Each DEBUG SLEEP of the slow Redis, one after another for <see cref="StallDuration"/>.</summary>
    private static readonly TimeSpan SleepLength = TimeSpan.FromSeconds(5);
    /// <summary>How long PostgreSQL stays down between its stop and its start.</summary>
    private static readonly TimeSpan DownDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthBound = TimeSpan.FromSeconds(1);

    /// <summary>A publish while PostgreSQL is away: the store's bound (STORE_TIMEOUT_MS, 2 s) and a margin.</summary>
    private static readonly TimeSpan PostgresPublishBound = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan NegotiateBound = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan DetectedWithin = TimeSpan.FromSeconds(3);
    private const long RssGrowthBound = 100L << 20;
    private static readonly int[] RetryableNegotiate = [200, 429, 503];

    [Fact]
    public async Task A_redis_frozen_with_SIGSTOP_for_20s_hangs_nothing_closes_nothing_and_loses_nothing()
    {
        await using var rig = await StallRig.StartAsync("redis-stop");
        var redis = rig.Cluster.Redis;
        var report = await rig.RunAsync(new Fault($"Redis SIGSTOP {StallDuration.TotalSeconds:0} s",
            redis.PauseAsync,
            // The fault's duration: Redis stays frozen this long.
            () => Task.Delay(StallDuration),
            async () =>
            {
                if (redis.IsPaused) await redis.ResumeAsync();
            }), RedisBack);
        await JudgeRedisAsync(report);
    }

    [Fact]
    public async Task A_redis_answering_only_every_5s_through_DEBUG_SLEEP_hangs_nothing_closes_nothing_and_loses_nothing()
    {
        await using var rig = await StallRig.StartAsync("redis-slow");
        var redis = rig.Cluster.Redis;
        Task sleeping = Task.CompletedTask;
        var report = await rig.RunAsync(new Fault($"Redis DEBUG SLEEP {SleepLength.TotalSeconds:0} s × {StallDuration / SleepLength:0}",
            async () =>
            {
                var first = await redis.SleepAsync(SleepLength);
                sleeping = SleepOnAsync(redis, first);
            },
            // The fault's duration: one sleep after another until StallDuration is over.
            () => sleeping,
            () => sleeping), RedisBack);
        await JudgeRedisAsync(report);
    }

    /// <summary>Sleeps again as soon as Redis wakes, until <see cref="StallDuration"/> is over: Redis answers a burst every 5 s.</summary>
    private async Task SleepOnAsync(RedisServer redis, RedisSleep first)
    {
        var slept = await first.Woken;
        var total = slept;
        while (total + SleepLength <= StallDuration + TimeSpan.FromMilliseconds(500))
        {
            var next = await redis.SleepAsync(SleepLength);
            total += await next.Woken;
        }
        output.WriteLine($"Redis slept {total.TotalSeconds:0.0} s in {SleepLength.TotalSeconds:0} s sleeps");
    }

    [Fact]
    public async Task A_postgres_frozen_with_SIGSTOP_for_20s_answers_503_in_time_closes_nothing_and_loses_nothing()
    {
        await using var rig = await StallRig.StartAsync("pg-stop");
        var postgres = rig.Cluster.Postgres;
        IReadOnlyList<int> frozen = [];
        var report = await rig.RunAsync(new Fault($"PostgreSQL SIGSTOP {StallDuration.TotalSeconds:0} s",
            async () =>
            {
                await postgres.PauseAsync();
                frozen = postgres.ServerProcesses();
            },
            // The fault's duration: every PostgreSQL process stays frozen this long.
            () => Task.Delay(StallDuration),
            async () =>
            {
                if (postgres.IsPaused) await postgres.ResumeAsync();
            }), DatabaseBack);
        output.WriteLine($"{report.Fault}: froze {frozen.Count} PostgreSQL processes (the postmaster and its children)");
        await JudgePostgresAsync(report, requireUnavailable: false);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("immediate")]
    public async Task A_postgres_restart_answers_503_while_down_recovers_by_itself_and_loses_nothing(string mode)
    {
        await using var rig = await StallRig.StartAsync($"pg-restart-{mode}");
        var postgres = rig.Cluster.Postgres;
        var stopped = false;
        var report = await rig.RunAsync(new Fault($"PostgreSQL pg_ctl stop -m {mode}, {DownDuration.TotalSeconds:0} s down, start",
            async () =>
            {
                await postgres.StopServerAsync(mode);
                stopped = true;
            },
            // The fault's duration: PostgreSQL stays down this long.
            () => Task.Delay(DownDuration),
            async () =>
            {
                if (stopped) await postgres.StartServerAsync();
            }), DatabaseBack);
        await JudgePostgresAsync(report, requireUnavailable: true);
    }

    private async Task JudgeRedisAsync(StallReport report)
    {
        var verdict = Begin(report);
        var during = report.AttemptsDuring;
        var slow = during.Where(a => a.Status != 202 || a.Took > TimeSpan.FromSeconds(1)).ToList();
        verdict.Check(during.Count > 0 && slow.Count == 0, "every publish during the stall is answered 202 within 1 s",
            $"{slow.Count} of {during.Count} were not (max {Max(during.Select(a => a.Took))}; statuses {StallReport.Statuses(during)})");
        for (var hub = 0; hub < 2; hub++)
        {
            var first = report.FirstSaying(hub, HealthPoller.Service, a => a.Status == 200 && a.RedisConnected == false);
            verdict.Check(first is { } s && s <= DetectedWithin.TotalSeconds, $"hub-{hub + 1} reports redis_connected: false within {DetectedWithin.TotalSeconds:0} s of the stall starting",
                first is { } f ? $"first said so after {f:0.00} s" : "never said so during the stall");
        }
        await CheckCommonAsync(verdict, report);
        CheckRecovered(verdict, report, "redis_connected: true again on both hubs", RedisBack);
        verdict.AssertAll();
    }

    private async Task JudgePostgresAsync(StallReport report, bool requireUnavailable)
    {
        var verdict = Begin(report);
        var during = report.AttemptsDuring;
        var wrong = during.Where(a => a.Took > PostgresPublishBound
            || !(a.Status == 202 || (a.Status == 503 && a.HasRetryAfter && a.IsProblem))).ToList();
        verdict.Check(during.Count > 0 && wrong.Count == 0,
            $"every publish during the fault answers within {PostgresPublishBound.TotalSeconds:0} s: 202, or 503 with Retry-After and an application/problem+json body",
            $"{wrong.Count} of {during.Count} did not (max {Max(during.Select(a => a.Took))}; statuses {StallReport.Statuses(during)}; "
            + $"503 without Retry-After {during.Count(a => a.Status == 503 && !a.HasRetryAfter)}, without problem body {during.Count(a => a.Status == 503 && !a.IsProblem)})");
        if (requireUnavailable)
        {
            verdict.Check(during.Any(a => a.Status == 503) && during.All(a => a.Status is 202 or 503),
                "publishes fail with 503 while PostgreSQL is down (not 500, not a hang)",
                $"statuses {StallReport.Statuses(during)}");
        }
        for (var hub = 0; hub < 2; hub++)
        {
            var ready = report.FirstSaying(hub, HealthPoller.Ready, a => a.Status == 503);
            var service = report.FirstSaying(hub, HealthPoller.Service, a => a.Status == 503 && a.Reported == "unhealthy");
            verdict.Check(ready is { } r && r <= DetectedWithin.TotalSeconds && service is { } s && s <= DetectedWithin.TotalSeconds,
                $"hub-{hub + 1}'s /health/ready answers 503 and its service health 503 \"unhealthy\" within {DetectedWithin.TotalSeconds:0} s of the fault starting",
                $"ready: {(ready is { } r2 ? $"503 after {r2:0.00} s" : "never 503")}; service: {(service is { } s2 ? $"unhealthy after {s2:0.00} s" : "never unhealthy")}");
        }
        await CheckCommonAsync(verdict, report);
        CheckRecovered(verdict, report, "service health answers 200, not unhealthy, again on both hubs", DatabaseBack);
        verdict.AssertAll();
    }

    private Verdict Begin(StallReport report)
    {
        foreach (var line in report.Figures()) output.WriteLine(line);
        return new Verdict(output, report.Fault);
    }

    /// <summary>The bounds every fault shares.</summary>
    private static async Task CheckCommonAsync(Verdict verdict, StallReport report)
    {
        var health = report.HealthDuring;
        var bound = HealthBound;
        var late = health.Where(a => a.Status is null || a.Took > bound).ToList();
        verdict.Check(health.Count > 0 && late.Count == 0, $"every health answer during the fault comes within {bound.TotalSeconds:0} s",
            $"{late.Count} of {health.Count} did not (max {Max(health.Select(a => a.Took))}; unanswered {health.Count(a => a.Status is null)}; "
            + $"late: {string.Join(", ", late.GroupBy(a => $"hub-{a.Hub + 1} {a.Path}").Select(g => $"{g.Key}×{g.Count()}"))}; "
            + $"asked at {string.Join(", ", late.Select(a => $"{Stopwatch.GetElapsedTime(report.Began, a.At).TotalSeconds:0.00} s"))} into the fault)");

        var negotiates = report.Negotiates;
        var badNegotiates = negotiates.Where(n => n.Took > NegotiateBound || n.Status is not { } s || !RetryableNegotiate.Contains(s)).ToList();
        verdict.Check(negotiates.Count > 0 && badNegotiates.Count == 0,
            $"a new connection during the fault is admitted or refused at negotiate (200, 429 or 503) within {NegotiateBound.TotalSeconds} s",
            $"{badNegotiates.Count} of {negotiates.Count} were not (max {Max(negotiates.Select(n => n.Took))}; statuses {StallReport.Statuses(negotiates.Select(n => n.Status))})");

        var dropped = report.Rig.Dropped();
        verdict.Check(dropped.Count == 0, "no open connection is closed", $"{dropped.Count} of {report.Rig.ClientCount} dropped:\n  " + string.Join("\n  ", dropped));
        var notConnected = report.Rig.NotConnected();
        verdict.Check(notConnected.Count == 0, "every client is connected afterwards",
            $"{notConnected.Count} of {report.Rig.ClientCount} are not:\n  " + string.Join("\n  ", notConnected));

        verdict.Check(report.PublishFailures.Count == 0, "every publish is accepted in the end (retried under its idempotency key)",
            $"{report.PublishFailures.Count} never were: {string.Join("; ", report.PublishFailures.Take(5))}");
        verdict.Check(report.WholeAfterSeconds is { } w && w <= StallRig.WholeWithin.TotalSeconds,
            $"every client shows every notification within {StallRig.WholeWithin.TotalSeconds:0} s of the fault ending, nothing further published",
            report.WholeAfterSeconds is { } w2 ? $"whole after {w2:0.00} s" : "not whole 30 s after");
        var gaps = report.Rig.Gaps(report.Published);
        var short_ = gaps.Where(g => g.Missing.Count > 0).ToList();
        var stored = new List<string>();
        if (report.Rig.ExitedHubs(report.Began).Count == 0)
        {
            foreach (var user in short_.Select(g => g.User).Distinct().Take(6)) stored.Add($"{user}'s inbox holds seqs {await report.Rig.StoredSeqsAsync(user)}");
        }
        verdict.Check(short_.Count == 0, "0 lost", $"{gaps.Sum(g => g.Missing.Count)} lost over {short_.Count} clients:\n  "
            + string.Join("\n  ", short_.Select(g => $"missing {g.Missing.Count} (first {string.Join(",", g.Missing.Take(5))}): {g.Client}").Concat(stored)));
        verdict.Check(gaps.All(g => g.ShownTwice == 0), "0 shown twice", $"{gaps.Sum(g => g.ShownTwice)} shown twice");

        var exited = report.Rig.ExitedHubs(report.Began);
        verdict.Check(exited.Count == 0, "both hub processes are still running", string.Join("\n", exited));
        for (var hub = 0; hub < report.RssBefore.Count; hub++)
        {
            var growth = report.RssAfter[hub] - report.RssBefore[hub];
            verdict.Check(report.RssAfter[hub] >= 0 && growth < RssGrowthBound, $"hub-{hub + 1}'s memory grows by less than {StallRig.Mib(RssGrowthBound)} MiB",
                report.RssAfter[hub] < 0 ? "the process has exited" : $"{StallRig.Mib(report.RssBefore[hub])} → {StallRig.Mib(report.RssAfter[hub])} MiB");
        }
    }

    private static readonly Func<HealthAnswer, bool> RedisBack = a => a.Status == 200 && a.RedisConnected == true;
    private static readonly Func<HealthAnswer, bool> DatabaseBack = a => a.Status == 200 && a.Reported != "unhealthy";

    /// <summary>Both hubs' service health says <paramref name="says"/> again within 10 s of the fault ending.</summary>
    private static void CheckRecovered(Verdict verdict, StallReport report, string what, Func<HealthAnswer, bool> says)
    {
        var after = Enumerable.Range(0, 2).Select(hub => report.FirstAfterEndSaying(hub, HealthPoller.Service, says)).ToList();
        verdict.Check(after.All(s => s is { } t && t <= 10), $"{what} within 10 s of the fault ending",
            string.Join("; ", after.Select((s, hub) => $"hub-{hub + 1}: {(s is { } t ? $"after {t:0.00} s" : "not within 10 s")}")));
    }

    private static string Max(IEnumerable<TimeSpan> took)
    {
        var all = took.ToList();
        return all.Count == 0 ? "n/a" : $"{all.Max().TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s";
    }
}
