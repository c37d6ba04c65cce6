using System.Diagnostics;

namespace Vividly.LoadTest.Run;

/// <summary>
/// Starts work at a steady rate without waiting for it to finish: an open loop, so a slow hub
/// shows up as latency and errors rather than as a quietly lower rate.
/// </summary>
internal static class Pacer
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    /// <param name="started">Called after each tick's work was started.</param>
    public static async Task RunAsync(long total, double perSecond, Action<long> start, CancellationToken cancellationToken, Action? started = null)
    {
        var began = Stopwatch.GetTimestamp();
        long issued = 0;
        using var timer = new PeriodicTimer(Tick);
        while (issued < total)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(began).TotalSeconds * perSecond) + 1);
            while (issued < due) start(issued++);
            started?.Invoke();
            if (issued < total) await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
