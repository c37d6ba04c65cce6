namespace Vividly.LoadTest.Run;

/// <summary>Writes a progress line once a second until disposed.</summary>
internal sealed class ProgressPrinter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ProgressPrinter(Func<string> line) => _loop = LoopAsync(line);

    public static ProgressPrinter Start(Func<string> line) => new(line);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync(Func<string> line)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Console.WriteLine(line());
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
