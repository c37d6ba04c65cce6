using System.Diagnostics;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>What every stock client must end with, whatever happened on the way.</summary>
public static class StockExpectations
{
    /// <summary>Each client shows seqs 1 to <paramref name="count"/>, each once: none lost, none shown twice.</summary>
    public static async Task EachShowsExactlyAsync(IReadOnlyCollection<StockClientRecording> clients, int count, TimeSpan within)
    {
        var whole = await Eventually.HoldsAsync(() => clients.All(c => c.Seqs.Count >= count), within);
        Assert.True(whole, $"every stock client shows {count} notifications within {within.TotalSeconds} s; short:\n"
            + string.Join('\n', clients.Where(c => c.Seqs.Count < count)));
        foreach (var client in clients)
        {
            Assert.True(client.Seqs.Order().SequenceEqual(Enumerable.Range(1, count).Select(i => (long)i)),
                $"shows exactly seqs 1..{count} once each, shows [{string.Join(',', client.Seqs.Order())}]: {client}");
        }
    }

    /// <summary>
    /// Waits until each client has connected again after <paramref name="since"/>, or has ended
    /// Disconnected for good, up to <paramref name="patience"/>; answers each client's seconds
    /// until it was back, null for one that never came back.
    /// </summary>
    public static async Task<IReadOnlyList<(StockClientRecording Client, double? Seconds)>> BackAfterAsync(
        IReadOnlyCollection<StockClientRecording> clients, long since, TimeSpan patience)
    {
        await Eventually.HoldsAsync(() => clients.All(c => c.ConnectedAfter(since) is not null || c.State == StockClientState.Disconnected), patience);
        return [.. clients.Select(c => (c, c.ConnectedAfter(since) is { } back ? Stopwatch.GetElapsedTime(since, back.At).TotalSeconds : (double?)null))];
    }

    /// <summary>Asserts every client was back within <paramref name="limit"/>, naming those that were not.</summary>
    public static void AllBackWithin(IReadOnlyList<(StockClientRecording Client, double? Seconds)> back, TimeSpan limit)
    {
        var late = back.Where(b => b.Seconds is null || b.Seconds > limit.TotalSeconds).ToList();
        Assert.True(late.Count == 0, $"every stock client is back within {limit.TotalSeconds} s; {late.Count} of {back.Count} are not:\n"
            + string.Join('\n', late.Select(b => $"{(b.Seconds is { } s ? $"back after {s:0.0} s" : "never back")}: {b.Client}")));
    }

    /// <summary>How long the slowest client of a kind took to come back, and how many never did, for the test output.</summary>
    public static string Slowest(string kind, IReadOnlyList<(StockClientRecording Client, double? Seconds)> back)
    {
        var returned = back.Where(b => b.Seconds is not null).Select(b => b.Seconds!.Value).ToList();
        var slowest = returned.Count > 0 ? $"slowest back after {returned.Max():0.00} s" : "none back";
        var never = back.Count - returned.Count;
        return $"{kind}: {back.Count} clients had to move, {slowest}{(never > 0 ? $", {never} never back" : "")}";
    }
}
