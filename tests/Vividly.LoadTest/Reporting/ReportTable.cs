using System.Globalization;
using Vividly.LoadTest.Metrics;

namespace Vividly.LoadTest.Reporting;

/// <summary>The run's figures as a table for the terminal.</summary>
internal static class ReportTable
{
    public static void Write(LoadReport report, TextWriter output)
    {
        var p = report.Parameters;
        output.WriteLine();
        output.WriteLine(Invariant($"Scenario {report.Scenario} (run {report.RunId}, {report.ElapsedS:F1} s): {p.Connections} connections of {p.Users} users on {p.Hubs.Count} {p.Target} hub(s), {p.RatePerS}/s for {p.DurationS} s, publish over {p.PublishMode}"));
        output.WriteLine();
        output.WriteLine(Invariant($"{"latency (ms)",-14}{"count",10}{"p50",10}{"p95",10}{"p99",10}{"max",10}"));
        Latency(output, "connect", report.ConnectMs);
        Latency(output, "publish", report.PublishMs);
        Latency(output, "delivery", report.DeliveryMs);
        output.WriteLine();
        Row(output, "connected", Invariant($"{report.Connected} of {p.Connections}"));
        Row(output, "sent", Invariant($"{report.Sent} ({report.PublishErrors} failed)"));
        Row(output, "delivered", Invariant($"{report.Delivered} of {report.Expected} ({report.DeliverySuccessPercent:F3} %)"));
        Row(output, "lost", Invariant($"{report.Lost}"));
        Row(output, "duplicated", Invariant($"{report.Duplicated} (live {report.DuplicatedLive}, raised {report.DuplicatedRaised})"));
        Row(output, "recovered by resume", Invariant($"{report.RecoveredByResume}"));
        Row(output, "unexpected", Invariant($"{report.Unexpected}"));
        Row(output, "throughput", Invariant($"{report.ThroughputPerS:F1} notifications/s, {report.DeliveriesPerS:F1} deliveries/s"));
        Row(output, "errors", Invariant($"{report.Errors}, reconnects {report.Reconnects}"));
        foreach (var (message, count) in report.ErrorSamples) Row(output, "", Invariant($"{count} x {message}"));
        Row(output, "hub rss (peak)", Mb(report.ServerRssMb));
        Row(output, "hub rss / conn", report.RssPerConnectionKb is { } kb ? Invariant($"{kb:F1} KiB") : "n/a");
        Row(output, "hub cpu (avg)", Percent(report.ServerCpuAvgPercent));
        Row(output, "client cpu (avg)", Percent(report.ClientCpuAvgPercent));
        Row(output, "machine load (avg)", report.MachineLoadAvg is { } load ? Invariant($"{load:F2} on {Environment.ProcessorCount} cores") : "n/a");

        if (report.Steps is { } steps)
        {
            output.WriteLine();
            output.WriteLine(Invariant($"{"rate/s",8}{"achieved",10}{"sent",9}{"errors",8}{"deliv p95",11}{"deliv p99",11}{"pub p95",9}{"hub cpu",9}{"cpu s",8}{"svc s",8}  within {p.CapacityP99BoundMs} ms p99"));
            foreach (var s in steps)
                output.WriteLine(Invariant($"{s.RatePerS,8}{s.ThroughputPerS,10:F1}{s.Sent,9}{s.PublishErrors,8}{s.DeliveryMs.P95,11:F2}{s.DeliveryMs.P99,11:F2}{s.PublishMs.P95,9:F2}{Percent(s.ServerCpuAvgPercent),9}{Seconds(s.HubCpuS),8}{Seconds(s.ServiceCpuS),8}  {(s.WithinBound ? "yes" : "no")}"));
            Row(output, "max rate in bound", report.MaxRateWithinBound is { } rate ? Invariant($"{rate}/s ({report.MaxThroughputWithinBoundPerS:F1}/s achieved)") : "none");
        }

        output.WriteLine();
        foreach (var check in report.Checks)
            output.WriteLine(Invariant($"{(check.Passed ? "PASS" : "FAIL")}  {check.Name} {check.Actual:0.###} {check.Comparison} {check.Limit:0.###}"));
        output.WriteLine(report.Passed ? "PASSED" : "FAILED");
    }

    private static void Latency(TextWriter output, string name, LatencySummary s) =>
        output.WriteLine(Invariant($"{name,-14}{s.Count,10}{s.P50,10:F2}{s.P95,10:F2}{s.P99,10:F2}{s.Max,10:F2}"));

    private static void Row(TextWriter output, string name, string value) => output.WriteLine(Invariant($"{name,-20}{value}"));

    private static string Mb(double? mb) => mb is { } v ? Invariant($"{v:F1} MiB") : "n/a (no --hub-pid)";

    private static string Percent(double? percent) => percent is { } v ? Invariant($"{v:F0} %") : "n/a";

    private static string Seconds(double? seconds) => seconds is { } v ? Invariant($"{v:F1}") : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
