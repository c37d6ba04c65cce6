using System.Diagnostics;
using System.Globalization;

namespace Vividly.Testing;

public enum StockClientState
{
    NotStarted,
    Connected,
    Reconnecting,
    /// <summary>Closed for good: a stock client does not come back from here by itself.</summary>
    Disconnected,
}

/// <summary>Everything one stock client did and heard, in order.</summary>
public sealed class StockClientRecording(string kind, int index, string userId)
{
    private readonly Lock _lock = new();
    private readonly List<StockClientEvent> _events = [];

    public string Kind { get; } = kind;

    public int Index { get; } = index;

    public string UserId { get; } = userId;

    public IReadOnlyList<StockClientEvent> Events
    {
        get
        {
            lock (_lock) return [.. _events];
        }
    }

    public void Add(StockClientEvent e)
    {
        lock (_lock) _events.Add(e);
    }

    private IEnumerable<StockClientEvent> Of(string kind) => Events.Where(e => e.Kind == kind);

    /// <summary>The seqs shown to the user, in arrival order; duplicates were dropped before this.</summary>
    public IReadOnlyList<long> Seqs => [.. Of(StockClientEvent.Notification).Select(e => e.Seq!.Value)];

    /// <summary>How many notifications arrived again and were dropped by seq.</summary>
    public int DuplicatesDropped => Of(StockClientEvent.Duplicate).Count();

    /// <summary>Every <c>ConnectionEstablished</c> heard: one per (re)connection.</summary>
    public IReadOnlyList<StockClientEvent> Connections => [.. Of(StockClientEvent.Connected)];

    public IReadOnlyList<long> TokenRequests => [.. Of(StockClientEvent.TokenRequested).Select(e => e.At)];

    /// <summary>Each time the connection went away without the test stopping it: reconnecting or closed.</summary>
    public IReadOnlyList<StockClientEvent> Losses =>
        [.. Events.Where(e => e.Kind is StockClientEvent.Reconnecting or StockClientEvent.Closed)];

    public IReadOnlyList<StockClientEvent> StartFailures => [.. Of(StockClientEvent.StartFailed)];

    public StockClientState State => Events.LastOrDefault(e => e.Kind is StockClientEvent.Started or StockClientEvent.StartFailed
            or StockClientEvent.Reconnecting or StockClientEvent.Reconnected or StockClientEvent.Closed)?.Kind switch
        {
            StockClientEvent.Started or StockClientEvent.Reconnected => StockClientState.Connected,
            StockClientEvent.Reconnecting => StockClientState.Reconnecting,
            StockClientEvent.Closed or StockClientEvent.StartFailed => StockClientState.Disconnected,
            _ => StockClientState.NotStarted,
        };

    /// <summary>The first <c>ConnectionEstablished</c> after <paramref name="timestamp"/>, if any.</summary>
    public StockClientEvent? ConnectedAfter(long timestamp) => Connections.FirstOrDefault(c => c.At > timestamp);

    /// <summary>For failure messages: who this is, where it stands and what happened, in seconds since its first event.</summary>
    public override string ToString()
    {
        var events = Events;
        var origin = events.Count > 0 ? events[0].At : 0;
        var story = events.Where(e => e.Kind is not (StockClientEvent.Notification or StockClientEvent.Duplicate)).Select(e =>
            string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetElapsedTime(origin, e.At).TotalSeconds:0.0}s {e.Kind}{Detail(e)}"));
        return $"{Kind} client {Index} of {UserId}: {State}, {Seqs.Count} shown, {TokenRequests.Count} token(s) asked for; {string.Join(", ", story)}";
    }

    private static string Detail(StockClientEvent e) =>
        e.InstanceId is not null ? $" on {e.InstanceId}"
        : e.Status is not null ? $" ({e.Status})"
        : e.Error is not null ? $" ({e.Error})"
        : "";
}
