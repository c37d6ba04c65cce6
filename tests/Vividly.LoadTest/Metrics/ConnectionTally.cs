namespace Vividly.LoadTest.Metrics;

/// <summary>
/// The seqs of this run one connection saw: pushed live on the wire (before the client drops
/// duplicates) and raised by the client (live or resumed).
/// </summary>
internal sealed class ConnectionTally
{
    private readonly Lock _gate = new();
    private readonly HashSet<long> _pushed = [];
    private readonly HashSet<long> _raised = [];
    private long _duplicatePushes;
    private long _duplicateRaises;

    public void Pushed(long seq)
    {
        lock (_gate)
            if (!_pushed.Add(seq)) _duplicatePushes++;
    }

    /// <summary>False when the client raised this seq before.</summary>
    public bool Raised(long seq)
    {
        lock (_gate)
        {
            if (_raised.Add(seq)) return true;
            _duplicateRaises++;
            return false;
        }
    }

    public DeliveryTotals Compare(IReadOnlySet<long> published)
    {
        lock (_gate)
        {
            var delivered = published.Count(_raised.Contains);
            return new DeliveryTotals(
                Expected: published.Count,
                Delivered: delivered,
                Lost: published.Count - delivered,
                Unexpected: _raised.Count(s => !published.Contains(s)),
                DuplicatedLive: _duplicatePushes,
                DuplicatedRaised: _duplicateRaises,
                RecoveredByResume: _raised.Count(s => !_pushed.Contains(s)));
        }
    }
}
