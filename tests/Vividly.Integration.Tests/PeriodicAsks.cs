namespace Vividly.Integration.Tests;

/// <summary>
/// Starts a round of questions on a fixed beat until stopped, each question on its own task so
/// one that hangs delays none of the next; stopping waits for the questions still under way.
/// </summary>
public sealed class PeriodicAsks : IAsyncDisposable
{
    private readonly List<Task> _asks = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="round">Starts the questions of round <c>n</c> (0, 1, 2, …) and yields each as it starts.</param>
    public PeriodicAsks(TimeSpan interval, Func<int, IEnumerable<Task>> round)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            var n = 0;
            do
            {
                foreach (var ask in round(n++))
                    lock (_lock) _asks.Add(ask);
            }
            while (await NextTickAsync(timer, _stop.Token));
        });
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Task[] asks;
        lock (_lock) asks = [.. _asks];
        await Task.WhenAll(asks);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
