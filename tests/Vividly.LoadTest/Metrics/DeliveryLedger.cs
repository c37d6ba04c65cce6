namespace Vividly.LoadTest.Metrics;

/// <summary>The seqs the hub answered to this run's publishes, per user.</summary>
internal sealed class DeliveryLedger
{
    private readonly Lock _gate = new();
    private readonly HashSet<long>[] _published;

    public DeliveryLedger(int users) => _published = [.. Enumerable.Range(0, users).Select(_ => new HashSet<long>())];

    public void Published(int user, long seq)
    {
        lock (_gate) _published[user].Add(seq);
    }

    public DeliveryTotals Settle(IEnumerable<(int User, ConnectionTally Tally)> connections)
    {
        lock (_gate)
        {
            var totals = default(DeliveryTotals);
            foreach (var (user, tally) in connections) totals += tally.Compare(_published[user]);
            return totals;
        }
    }
}
