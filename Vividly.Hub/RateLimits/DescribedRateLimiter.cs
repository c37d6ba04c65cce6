using System.Threading.RateLimiting;

namespace Vividly.Hub.RateLimits;

/// <summary>
/// A limiter whose refusals say which limit refused (<see cref="MetadataName.ReasonPhrase"/>),
/// so a chain of limiters can answer naming the one that was hit. It stays a
/// <see cref="ReplenishingRateLimiter"/> so partitioned limiters keep refilling it.
/// </summary>
public sealed class DescribedRateLimiter(ReplenishingRateLimiter inner, string description) : ReplenishingRateLimiter
{
    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override bool IsAutoReplenishing => inner.IsAutoReplenishing;

    public override TimeSpan ReplenishmentPeriod => inner.ReplenishmentPeriod;

    public override bool TryReplenish() => inner.TryReplenish();

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Describe(inner.AttemptAcquire(permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        Describe(await inner.AcquireAsync(permitCount, cancellationToken));

    private RateLimitLease Describe(RateLimitLease lease) => lease.IsAcquired ? lease : new RefusedLease(lease, description);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private sealed class RefusedLease(RateLimitLease inner, string description) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames.Append(MetadataName.ReasonPhrase.Name);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName.ReasonPhrase.Name)
            {
                metadata = description;
                return true;
            }
            return inner.TryGetMetadata(metadataName, out metadata);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
