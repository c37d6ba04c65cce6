using System.Text;
using Vividly.LoadTest.Scenarios;

namespace Vividly.LoadTest.Cli;

internal static class Usage
{
    public static string Text()
    {
        var text = new StringBuilder("""
            Usage: dotnet run --project tests/Vividly.LoadTest -- --scenario NAME --hub URL [--hub URL...] --secret S [options]
                   dotnet run --project tests/Vividly.LoadTest -- compare --results DIR [--out FILE]

              --secret S               the hub's SECRET_KEY (default: $SECRET_KEY); --issuer, --audience as the hub's JWT_ISSUER, JWT_AUDIENCE
              --report FILE            write the JSON report there
              --hub-pid PID            sample a hub process's CPU and RSS from /proc (repeatable)
              --service-pid PID        count a backing service's CPU (Redis, PostgreSQL, with children) per capacity step (repeatable)
              --target vividly|stock   the Vividly hub (default) or the stock SignalR baseline (bench/StockHub; needs --publish http)
              --warm-up D              an unmeasured phase at the first rate before the measured ones
              --connections N --users N --ramp PER_S
              --rate PER_S --duration D --hold D    durations in seconds, or with ms, s, m
              --publish hub|http|batch hub method Publish (default), POST /api/v1/notifications/publish, or
                                       POST /api/v1/notifications/publish/batch with what each 5 ms tick is due
              --batch-size N           most notifications per batch in batch mode, 1 to 100 (default 50)
              --publishers N           publishing connections in hub mode (default 4)
              --connect-timeout D --drain-timeout D
              --steps R1,R2,...  --step-p99-ms MS   capacity: rates to step through, delivery p99 bound
              --max-connect-p95-ms MS --max-publish-p95-ms MS --max-delivery-p95-ms MS --min-throughput PER_S --max-errors N

            Exits non-zero when a notification is lost or duplicated, or a threshold is missed.
            compare: reads DIR/compare-TARGET-SCENARIO.json (bench/run.sh compare) and writes one markdown table (default DIR/compare.md).

            Scenarios:

            """);
        foreach (var (name, (summary, _)) in ScenarioCatalog.All)
            text.Append("  ").Append(name.PadRight(13)).AppendLine(summary);
        return text.ToString();
    }
}
