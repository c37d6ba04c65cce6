using Vividly.Hub.Jobs;

namespace Vividly.Hub.Tests.Jobs;

/// <summary>One instance's way to the real leases: counts its checks and can be cut off, as from a database it no longer reaches.</summary>
public sealed class CountedLeases(IJobLeases leases) : IJobLeases
{
    private int _checks;
    private int _held;
    private volatile bool _cutOff;

    /// <summary>Checks answered, counted once answered.</summary>
    public int Checks => Volatile.Read(ref _checks);

    /// <summary>Checks answered that the lease is this instance's.</summary>
    public int Held => Volatile.Read(ref _held);

    public bool CutOff { get => _cutOff; set => _cutOff = value; }

    public async Task<bool> TryHoldAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            if (CutOff) throw new TimeoutException("The database is out of reach.");
            var held = await leases.TryHoldAsync(name, holder, duration, cancellationToken);
            if (held) Interlocked.Increment(ref _held);
            return held;
        }
        finally
        {
            Interlocked.Increment(ref _checks);
        }
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken) =>
        CutOff ? Task.FromException(new TimeoutException("The database is out of reach.")) : leases.ReleaseAsync(name, holder, cancellationToken);
}
