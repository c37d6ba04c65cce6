using Vividly.LoadTest.Cli;
using Vividly.LoadTest.Reporting;
using Vividly.LoadTest.Run;

if (args is [] or ["--help"] or ["-h"])
{
    Console.WriteLine(Usage.Text());
    return 0;
}

if (args is ["compare", .. var compareArgs])
{
    try
    {
        return await CompareCommand.RunAsync(compareArgs, CancellationToken.None);
    }
    catch (UsageException ex)
    {
        await Console.Error.WriteLineAsync(ex.Message);
        return 2;
    }
}

LoadOptions options;
try
{
    options = ArgumentParser.Parse(args);
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Environment.NewLine + Usage.Text());
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

LoadReport report;
try
{
    report = await new LoadRun(options).RunAsync(cancel.Token);
}
catch (RunAbortedException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Cancelled.");
    return 130;
}

ReportTable.Write(report, Console.Out);
if (options.ReportPath is { } path)
{
    await ReportWriter.WriteAsync(report, path, CancellationToken.None);
    Console.WriteLine($"Report written to {path}");
}
return report.Passed ? 0 : 1;
