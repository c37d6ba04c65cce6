using System.Diagnostics;

namespace Vividly.Testing;

/// <summary>Polls a condition until it holds or a deadline passes: the tests' only way to wait.</summary>
public static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return true;
            if (deadline.Elapsed > timeout) return false;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan timeout) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout);

    public static async Task AssertAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        if (!await HoldsAsync(condition, timeout)) throw new TimeoutException($"Not within {timeout.TotalSeconds:0.#} s: {because}");
    }

    public static async Task AssertAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        if (!await HoldsAsync(condition, timeout)) throw new TimeoutException($"Not within {timeout.TotalSeconds:0.#} s: {because}");
    }
}
