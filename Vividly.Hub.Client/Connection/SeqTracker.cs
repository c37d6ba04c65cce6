namespace Vividly.Hub.Client.Connection;

/// <summary>
/// Drops duplicates by <c>seq</c> and tells when one is missing. The watermark is the highest
/// seq below which nothing is outstanding; seqs seen above it wait there until the gap closes
/// or a complete <c>Resume</c> proves the missing ones are gone from the inbox for good.
/// </summary>
public sealed class SeqTracker
{
    private readonly Lock _gate = new();
    private readonly SortedSet<long> _above = [];
    private long _watermark;
    private bool _initialized;

    public SeqTracker(long? afterSeq = null)
    {
        if (afterSeq is { } start)
        {
            _watermark = start;
            _initialized = true;
        }
    }

    public long Watermark
    {
        get { lock (_gate) return _watermark; }
    }

    /// <summary>True while a seq above the watermark has arrived before one below it.</summary>
    public bool HasGap
    {
        get { lock (_gate) return _above.Count > 0; }
    }

    /// <summary>Starts from the server's <c>last_seq</c> unless a starting point was given.</summary>
    public void InitializeFrom(long lastSeq)
    {
        lock (_gate)
        {
            if (_initialized) return;
            _initialized = true;
            Settle(lastSeq);
        }
    }

    /// <summary>Returns false for a seq already seen.</summary>
    public bool TryAccept(long seq)
    {
        lock (_gate)
        {
            if (seq <= _watermark || !_above.Add(seq)) return false;
            while (_above.Count > 0 && _above.Min == _watermark + 1)
            {
                _watermark++;
                _above.Remove(_watermark);
            }
            return true;
        }
    }

    /// <summary>A resume read the inbox through <paramref name="seq"/>: whatever is still missing below it no longer exists.</summary>
    public void Settle(long seq)
    {
        lock (_gate)
        {
            if (seq <= _watermark) return;
            _watermark = seq;
            _above.RemoveWhere(s => s <= seq);
            while (_above.Remove(_watermark + 1)) _watermark++;
        }
    }
}
