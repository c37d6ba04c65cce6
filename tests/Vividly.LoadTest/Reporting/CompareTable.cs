using System.Globalization;
using System.Text;

namespace Vividly.LoadTest.Reporting;

/// <summary>
/// The same scenarios run against the stock baseline and the Vividly hub in its two
/// configurations, as one markdown page: the figures side by side with Vividly ÷ stock ratios,
/// the seeds' service levels with verdicts, and the runs with the machine's load.
/// </summary>
internal static class CompareTable
{
    public const string Stock = "stock";

    /// <summary>The targets in the order the columns show them, with their column names.</summary>
    public static IReadOnlyDictionary<string, string> Targets { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Stock] = "stock SignalR + Redis",
        ["embedded"] = "Vividly, embedded (SQLite)",
        ["redis-postgres"] = "Vividly, Redis + PostgreSQL",
    };

    public static IReadOnlyList<string> Scenarios { get; } = ["capacity", "connections", "seed-slo"];

    // The seeds' service levels.
    private const double MaxConnectP95Ms = 200;
    private const double MaxPublishP95Ms = 10;
    private const double MaxDeliveryP95Ms = 50;
    private const double MinRatePerS = 1_000;
    private const int ConnectionsPerInstance = 10_000;
    private const double MinSuccessPercent = 99.99;

    /// <summary>The rates the latency and CPU rows are read at.</summary>
    private static readonly double[] ReadAt = [1_000, 4_000];

    public static string Write(IReadOnlyDictionary<(string Target, string Scenario), LoadReport> reports)
    {
        var view = new View(reports);
        var text = new StringBuilder();
        text.AppendLine("# Vividly Realtime beside a stock SignalR hub").AppendLine();
        text.AppendLine("Written by `Vividly.LoadTest compare` from the `compare-TARGET-SCENARIO.json` reports of `bench/run.sh compare`.");
        text.AppendLine("Ratios are Vividly ÷ stock: above 1 is more for the rate, below 1 is less for times, CPU and memory.");
        text.AppendLine("CPU is the hub process's; \"with services\" adds Redis and PostgreSQL (with their children). A step not run shows \"not run\",");
        text.AppendLine("one past the step where delivery p99 left the bound \"not reached\".").AppendLine();
        WriteFigures(text, view);
        WriteServiceLevels(text, view);
        WriteRuns(text, reports);
        return text.ToString();
    }

    private static void WriteFigures(StringBuilder text, View view)
    {
        var ours = Targets.Keys.Where(t => t != Stock).ToArray();
        text.AppendLine("## Figures").AppendLine();
        text.Append("| measure | ").AppendJoin(" | ", Targets.Values)
            .Append(" | ").AppendJoin(" | ", ours.Select(t => $"{Targets[t]} ÷ stock")).AppendLine(" |");
        text.Append("| --- ").Append(string.Concat(Enumerable.Repeat("| ---: ", Targets.Count + ours.Length))).AppendLine("|");

        var bound = view.Capacity.Values.Select(r => r.Parameters.CapacityP99BoundMs).FirstOrDefault(100);
        Row(text, view, Invariant($"highest rate held (delivery p99 < {bound:0} ms), /s"), "N0", t => view.Rate(t));
        foreach (var rate in ReadAt)
        {
            Row(text, view, Invariant($"delivery p50 at {rate:N0}/s, ms"), "#,0.0", t => view.Step(t, rate, s => s.DeliveryMs.P50));
            Row(text, view, Invariant($"delivery p99 at {rate:N0}/s, ms"), "#,0.0", t => view.Step(t, rate, s => s.DeliveryMs.P99));
        }
        foreach (var rate in ReadAt)
            Row(text, view, Invariant($"hub CPU per 1,000 delivered at {rate:N0}/s, ms"), "N0", t => view.Step(t, rate, s => PerThousand(s.HubCpuS, s.Delivered)));
        foreach (var rate in ReadAt)
        {
            Row(text, view, Invariant($"CPU with services per 1,000 delivered at {rate:N0}/s, ms"), "N0",
                t => view.Step(t, rate, s => PerThousand(s.HubCpuS + (s.ServiceCpuS ?? 0), s.Delivered)));
        }
        Row(text, view, $"RSS per connection ({view.ConnectionsLabel}), KiB", "#,0.0", t => Cell.Of(view.Connections(t)?.RssPerConnectionKb));
        Row(text, view, $"hub RSS peak ({view.ConnectionsLabel}), MiB", "N0", t => Cell.Of(view.Connections(t)?.ServerRssMb));
        text.AppendLine();
    }

    private static void Row(StringBuilder text, View view, string measure, string format, Func<string, Cell> value)
    {
        var cells = Targets.Keys.ToDictionary(t => t, value);
        text.Append("| ").Append(measure).Append(" | ").AppendJoin(" | ", cells.Values.Select(c => c.Format(format)));
        foreach (var target in Targets.Keys.Where(t => t != Stock))
            text.Append(" | ").Append(Ratio(cells[target], cells[Stock]));
        text.AppendLine(" |");
    }

    private static string Ratio(Cell ours, Cell stock) =>
        ours.Value is { } a && stock.Value is { } b && b > 0 ? Invariant($"{a / b:F2}") : "—";

    private static Cell PerThousand(double? cpuSeconds, long delivered) =>
        Cell.Of(cpuSeconds is { } s && delivered > 0 ? s * 1_000 / delivered * 1_000 : null);

    private static void WriteServiceLevels(StringBuilder text, View view)
    {
        text.AppendLine("## The seeds' service levels").AppendLine();
        text.Append("| target | ").AppendJoin(" | ", Targets.Values).AppendLine(" |");
        text.Append("| --- ").Append(string.Concat(Enumerable.Repeat("| --- ", Targets.Count))).AppendLine("|");

        Level(text, Invariant($"connect p95 < {MaxConnectP95Ms:0} ms ({view.ConnectionsLabel})"),
            t => view.Connections(t) is { } r ? Verdict(r.ConnectMs.P95, "ms", r.ConnectMs.P95 < MaxConnectP95Ms) : "not run");
        Level(text, Invariant($"publish p95 < {MaxPublishP95Ms:0} ms (capacity at 1,000/s)"),
            t => Below(view.Step(t, 1_000, s => s.PublishMs.P95), MaxPublishP95Ms));
        Level(text, Invariant($"delivery p95 < {MaxDeliveryP95Ms:0} ms (capacity at 1,000/s)"),
            t => Below(view.Step(t, 1_000, s => s.DeliveryMs.P95), MaxDeliveryP95Ms));
        if (view.HasSeedSlo)
        {
            Level(text, Invariant($"publish p95 < {MaxPublishP95Ms:0} ms (seed-slo)"),
                t => view.SeedSlo(t) is { } r ? Verdict(r.PublishMs.P95, "ms", r.PublishMs.P95 < MaxPublishP95Ms) : "not run");
            Level(text, Invariant($"delivery p95 < {MaxDeliveryP95Ms:0} ms (seed-slo)"),
                t => view.SeedSlo(t) is { } r ? Verdict(r.DeliveryMs.P95, "ms", r.DeliveryMs.P95 < MaxDeliveryP95Ms) : "not run");
        }
        Level(text, Invariant($"{MinRatePerS:N0}+ notifications/s (capacity, highest rate held)"),
            t => view.Rate(t) switch
            {
                { Value: { } v } => Verdict(v, "/s", v >= MinRatePerS),
                { Text: "none" } => "no step held: **missed**",
                var none => none.Format("N0"),
            });
        Level(text, Invariant($"{ConnectionsPerInstance:N0} connections per instance (all connected, no error)"), t => ConnectionsVerdict(view.Connections(t)));
        Level(text, Invariant($"delivery success > {MinSuccessPercent} % (connections, seed-slo, capacity steps up to 1,000/s)"), t => SuccessVerdict(view, t));
        text.AppendLine();
    }

    private static void Level(StringBuilder text, string target, Func<string, string> verdict) =>
        text.Append("| ").Append(target).Append(" | ").AppendJoin(" | ", Targets.Keys.Select(verdict)).AppendLine(" |");

    private static string Below(Cell cell, double limitMs) => cell.Value is { } v ? Verdict(v, "ms", v < limitMs) : cell.Format("N0");

    private static string Verdict(double value, string unit, bool met) =>
        Invariant($"{value:#,0.##}{(unit.StartsWith('/') ? "" : " ")}{unit}: {(met ? "met" : "**missed**")}");

    private static string ConnectionsVerdict(LoadReport? report)
    {
        if (report is null) return "not run";
        var asked = report.Parameters.Connections;
        var held = report.Connected == asked && report.Errors == 0;
        var figure = Invariant($"{report.Connected:N0} of {asked:N0}, {report.Errors} errors, {report.Reconnects} reconnects");
        if (!held) return figure + ": **missed**";
        return asked >= ConnectionsPerInstance ? figure + ": met" : figure + Invariant($": not judged (fewer than {ConnectionsPerInstance:N0} asked)");
    }

    private static string SuccessVerdict(View view, string target)
    {
        long expected = 0, delivered = 0;
        foreach (var report in new[] { view.Connections(target), view.SeedSlo(target) }.OfType<LoadReport>())
        {
            expected += report.Expected;
            delivered += report.Delivered;
        }
        foreach (var step in view.Capacity.GetValueOrDefault(target)?.Steps?.Where(s => s.RatePerS <= 1_000) ?? [])
        {
            expected += step.Expected;
            delivered += step.Delivered;
        }
        if (expected == 0) return "not run";
        var percent = 100.0 * delivered / expected;
        return Invariant($"{percent:0.####} % ({expected - delivered:N0} of {expected:N0} missing): {(percent > MinSuccessPercent ? "met" : "**missed**")}");
    }

    private static void WriteRuns(StringBuilder text, IReadOnlyDictionary<(string Target, string Scenario), LoadReport> reports)
    {
        text.AppendLine("## Runs").AppendLine();
        text.AppendLine("Load average: the machine's one-minute load average while publishing, against its cores; above the cores, everything waits for a CPU.").AppendLine();
        text.AppendLine("| scenario | target | started (UTC) | load average | connections | lost | duplicated | errors | reconnects | hub CPU while publishing | checks |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var ((target, scenario), r) in reports.OrderBy(r => r.Value.StartedAt))
        {
            var failed = r.Checks.Where(c => !c.Passed).Select(c => c.Name).ToArray();
            text.AppendLine(Invariant(
                $"| {scenario} | {Targets[target]} | {r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} | {Num(r.MachineLoadAvg, "F2")} | {r.Connected:N0} | {r.Lost} | {r.Duplicated} | {r.Errors} | {r.Reconnects} | {Num(r.ServerCpuAvgPercent, "F0")} % | {(failed.Length == 0 ? "passed" : "missed: " + string.Join(", ", failed))} |"));
        }
        text.AppendLine().AppendLine(Invariant($"{Environment.ProcessorCount} cores on the machine that wrote this table."));
    }

    private static string Num(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A figure, or why there is none.</summary>
    private readonly record struct Cell(double? Value, string? Text)
    {
        public static Cell Of(double? value) => new(value, value is null ? "n/a" : null);

        public string Format(string format) => Value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : Text ?? "n/a";
    }

    private sealed class View(IReadOnlyDictionary<(string Target, string Scenario), LoadReport> reports)
    {
        public Dictionary<string, LoadReport> Capacity { get; } = Of(reports, "capacity");

        private readonly Dictionary<string, LoadReport> _connections = Of(reports, "connections");
        private readonly Dictionary<string, LoadReport> _seedSlo = Of(reports, "seed-slo");

        public bool HasSeedSlo => _seedSlo.Count > 0;

        public string ConnectionsLabel =>
            _connections.Values.Select(r => r.Parameters.Connections).Distinct().ToArray() is [var n] ? Invariant($"{n:N0} connections") : "connections";

        public LoadReport? Connections(string target) => _connections.GetValueOrDefault(target);

        public LoadReport? SeedSlo(string target) => _seedSlo.GetValueOrDefault(target);

        public Cell Rate(string target) => Capacity.GetValueOrDefault(target) switch
        {
            null => new Cell(null, "not run"),
            { MaxRateWithinBound: { } rate } => new Cell(rate, null),
            _ => new Cell(null, "none"),
        };

        /// <summary>A figure of the capacity step at <paramref name="rate"/>.</summary>
        public Cell Step(string target, double rate, Func<StepReport, Cell> read)
        {
            if (Capacity.GetValueOrDefault(target) is not { } report || !report.Parameters.CapacitySteps.Contains(rate)) return new Cell(null, "not run");
            return report.Steps?.FirstOrDefault(s => s.RatePerS == rate) is { } step ? read(step) : new Cell(null, "not reached");
        }

        public Cell Step(string target, double rate, Func<StepReport, double?> read) => Step(target, rate, s => Cell.Of(read(s)));

        private static Dictionary<string, LoadReport> Of(IReadOnlyDictionary<(string Target, string Scenario), LoadReport> reports, string scenario) =>
            reports.Where(r => r.Key.Scenario == scenario).ToDictionary(r => r.Key.Target, r => r.Value);
    }
}
