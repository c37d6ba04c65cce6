using System.Text.Json;
using Vividly.LoadTest.Cli;

namespace Vividly.LoadTest.Reporting;

/// <summary>
/// <c>compare --results DIR [--out FILE]</c>: reads the reports <c>bench/run.sh compare</c>
/// wrote (<c>compare-TARGET-SCENARIO.json</c>) and writes one markdown table of them.
/// </summary>
internal static class CompareCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? results = null, output = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new UsageException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--results": results = value; break;
                case "--out": output = value; break;
                default: throw new UsageException($"Unknown compare option '{args[i]}'.");
            }
        }
        if (results is null) throw new UsageException("compare needs --results DIR.");

        var reports = new Dictionary<(string Target, string Scenario), LoadReport>();
        foreach (var target in CompareTable.Targets.Keys)
        {
            foreach (var scenario in CompareTable.Scenarios)
            {
                var path = Path.Combine(results, $"compare-{target}-{scenario}.json");
                if (!File.Exists(path)) continue;
                await using var file = File.OpenRead(path);
                reports[(target, scenario)] = await JsonSerializer.DeserializeAsync<LoadReport>(file, ReportWriter.Json, cancellationToken)
                    ?? throw new UsageException($"{path} holds no report.");
            }
        }
        if (reports.Count == 0) throw new UsageException($"No compare-TARGET-SCENARIO.json in {results}: run bench/run.sh compare first.");

        var markdown = CompareTable.Write(reports);
        output ??= Path.Combine(results, "compare.md");
        await File.WriteAllTextAsync(output, markdown, cancellationToken);
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {output}");
        return 0;
    }
}
