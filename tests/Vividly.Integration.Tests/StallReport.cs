using System.Diagnostics;
using System.Globalization;

namespace Vividly.Integration.Tests;

/// <summary>
/// What a <see cref="StallRig"/> saw through one fault, from <see cref="Began"/> (the fault was
/// started) to <see cref="Ended"/> (it was over), and the figures a closing note quotes.
/// Times are <see cref="Stopwatch"/> timestamps.
/// </summary>
public sealed record StallReport(
    string Fault,
    long Began,
    long Ended,
    long RetriesDone,
    IReadOnlyDictionary<string, int> Published,
    IReadOnlyList<PublishAttempt> Attempts,
    IReadOnlyList<string> PublishFailures,
    IReadOnlyList<HealthAnswer> HealthAnswers,
    IReadOnlyList<NegotiateAnswer> Negotiates,
    IReadOnlyList<long> RssBefore,
    IReadOnlyList<long> RssAfter,
    double? WholeAfterSeconds,
    StallRig Rig)
{
    public double FaultSeconds => Stopwatch.GetElapsedTime(Began, Ended).TotalSeconds;

    private bool During(long at) => at >= Began && at <= Ended;

    /// <summary>Publish attempts sent while the fault lasted.</summary>
    public IReadOnlyList<PublishAttempt> AttemptsDuring => [.. Attempts.Where(a => During(a.At))];

    /// <summary>Health questions asked while the fault lasted.</summary>
    public IReadOnlyList<HealthAnswer> HealthDuring => [.. HealthAnswers.Where(a => During(a.At))];

    /// <summary>Seconds from the fault's start to the first answer of <paramref name="path"/> on <paramref name="hub"/> that says <paramref name="says"/>; null if none did during the fault.</summary>
    public double? FirstSaying(int hub, string path, Func<HealthAnswer, bool> says) =>
        HealthDuring.Where(a => a.Hub == hub && a.Path == path && says(a)).OrderBy(a => a.At)
            .Select(a => (double?)Stopwatch.GetElapsedTime(Began, a.At + (long)(a.Took.TotalSeconds * Stopwatch.Frequency)).TotalSeconds).FirstOrDefault();

    /// <summary>Seconds from the fault's end to the first answer, asked after it, of <paramref name="path"/> on <paramref name="hub"/> that says <paramref name="says"/>.</summary>
    public double? FirstAfterEndSaying(int hub, string path, Func<HealthAnswer, bool> says) =>
        HealthAnswers.Where(a => a.Hub == hub && a.Path == path && a.At > Ended && says(a)).OrderBy(a => a.At)
            .Select(a => (double?)Stopwatch.GetElapsedTime(Ended, a.At + (long)(a.Took.TotalSeconds * Stopwatch.Frequency)).TotalSeconds).FirstOrDefault();

    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string Statuses(IEnumerable<int?> statuses) =>
        Counts(statuses.Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? "no answer"));

    /// <summary>Publish statuses, an attempt without an answer named by why (refused, or given up on after the attempt timeout).</summary>
    public static string Statuses(IEnumerable<PublishAttempt> attempts) =>
        Counts(attempts.Select(a => a.Status?.ToString(CultureInfo.InvariantCulture) ?? (a.Error == nameof(HttpRequestException) ? "no answer (refused or reset)" : $"no answer ({a.Error})")));

    private static string Counts(IEnumerable<string> labels) =>
        string.Join(", ", labels.GroupBy(l => l).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"));

    private static string S(double seconds) => double.IsNaN(seconds) ? "n/a" : seconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The figures, one line each, for the test output and the closing note.</summary>
    public IEnumerable<string> Figures()
    {
        var during = AttemptsDuring;
        var latencies = during.Select(a => a.Took.TotalSeconds).ToList();
        yield return $"{Fault}: fault lasted {FaultSeconds:0.0} s; {Published.Values.Sum()} notifications published to {Published.Count} users, {Rig.ClientCount} clients on 2 hubs";
        yield return $"{Fault}: publish attempts during the fault: {during.Count}, latency max {S(latencies.DefaultIfEmpty(double.NaN).Max())} s, p95 {S(Percentile(latencies, 0.95))} s; statuses {Statuses(during)}"
            + $"; 503s with Retry-After {during.Count(a => a.Status == 503 && a.HasRetryAfter)}, as problem+json {during.Count(a => a.Status == 503 && a.IsProblem)}";
        var all = Attempts.Select(a => a.Took.TotalSeconds).ToList();
        yield return $"{Fault}: all publish attempts: {Attempts.Count}, latency max {S(all.DefaultIfEmpty(double.NaN).Max())} s, p95 {S(Percentile(all, 0.95))} s; statuses {Statuses(Attempts)}; "
            + $"never accepted: {PublishFailures.Count}; retries finished {Stopwatch.GetElapsedTime(Ended, RetriesDone).TotalSeconds:0.0} s after the fault ended";
        foreach (var group in HealthDuring.GroupBy(a => (a.Hub, a.Path)).OrderBy(g => g.Key))
        {
            var took = group.Select(a => a.Took.TotalSeconds).ToList();
            yield return $"{Fault}: hub-{group.Key.Hub + 1} {group.Key.Path} during the fault: {group.Count()} asked, answer time max {S(took.Max())} s, p95 {S(Percentile(took, 0.95))} s; "
                + $"statuses {Statuses(group.Select(a => a.Status))}; said {string.Join(", ", group.GroupBy(a => a.Reported + (a.RedisConnected is { } r ? $"/redis_connected={r}" : "")).Select(g => $"{g.Key}×{g.Count()}"))}";
        }
        var negotiateTook = Negotiates.Select(n => n.Took.TotalSeconds).ToList();
        yield return $"{Fault}: negotiates of newcomers during the fault: {Negotiates.Count}, time max {S(negotiateTook.DefaultIfEmpty(double.NaN).Max())} s; statuses {Statuses(Negotiates.Select(n => n.Status))}";
        var dropped = Rig.Dropped();
        var notConnected = Rig.NotConnected();
        var firstDrop = Rig.FirstDropAfter(Began);
        yield return $"{Fault}: clients whose connection dropped: {dropped.Count} of {Rig.ClientCount}"
            + (firstDrop is { } d ? $" (the first {d:0.0} s after the fault began)" : "") + $"; connected afterwards: {Rig.ClientCount - notConnected.Count} of {Rig.ClientCount}";
        var gaps = Rig.Gaps(Published);
        yield return $"{Fault}: time to whole after the fault ended: {(WholeAfterSeconds is { } w ? $"{w:0.00} s" : $"not whole {(StallRig.WholeWithin + TimeSpan.FromSeconds(20)).TotalSeconds:0} s after")}; "
            + $"lost: {gaps.Sum(g => g.Missing.Count)} (clients short: {gaps.Count(g => g.Missing.Count > 0)}); shown twice: {gaps.Sum(g => g.ShownTwice)}";
        for (var hub = 0; hub < RssBefore.Count; hub++)
            yield return RssAfter[hub] < 0 ? $"{Fault}: hub-{hub + 1} RSS before {StallRig.Mib(RssBefore[hub])} MiB, after: the process has exited"
                : $"{Fault}: hub-{hub + 1} RSS before {StallRig.Mib(RssBefore[hub])} MiB, after {StallRig.Mib(RssAfter[hub])} MiB, growth {StallRig.Mib(RssAfter[hub] - RssBefore[hub])} MiB";
    }
}

/// <summary>
/// Every bound of a test checked and reported together, so one failed bound does not hide the
/// others: the test prints the figures, then fails naming each bound missed.
/// </summary>
public sealed class Verdict(ITestOutputHelper output, string name)
{
    private readonly List<string> _missed = [];

    public void Check(bool holds, string bound, string figures)
    {
        output.WriteLine($"{name}: {(holds ? "HOLDS" : "MISSED")}: {bound} — {figures}");
        if (!holds) _missed.Add($"{bound} — {figures}");
    }

    public void AssertAll() =>
        Assert.True(_missed.Count == 0, $"{name}: {_missed.Count} bound(s) missed:\n- " + string.Join("\n- ", _missed));
}
