namespace Vividly.Hub.Jobs;

/// <summary>
/// Named leases in the <c>job_leases</c> table, so one instance at a time runs each job. A lease
/// lapses at its <c>expires_at</c> unless its holder renews it; any instance may take it then.
/// </summary>
public interface IJobLeases
{
    /// <summary>
    /// Takes the lease for <paramref name="holder"/> until <paramref name="duration"/> from now when
    /// nobody holds it or its holder let it lapse, or renews it when <paramref name="holder"/> has
    /// it. True when <paramref name="holder"/> holds it afterwards.
    /// </summary>
    Task<bool> TryHoldAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="holder"/> has it, so another instance need not wait for it to lapse.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken);
}
