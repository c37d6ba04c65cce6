using System.Globalization;
using System.Threading.RateLimiting;

namespace Vividly.Hub.RateLimits;

/// <summary>
/// One configured limit: a token bucket per partition that holds <see cref="Burst"/> tokens and
/// refills at <see cref="PerSecond"/>. <see cref="What"/> finishes "At most N …" in refusals.
/// </summary>
public sealed record TokenBucketLimit(double PerSecond, int Burst, string What)
{
    public string Description => string.Create(CultureInfo.InvariantCulture, $"At most {PerSecond:0.###} {What} (bursts of {Burst})");

    /// <summary>One bucket per key; a null key is not limited.</summary>
    public PartitionedRateLimiter<TResource> Partitioned<TResource>(Func<TResource, string?> key) =>
        PartitionedRateLimiter.Create<TResource, string>(resource => Partition(key(resource)));

    public RateLimitPartition<string> Partition(string? key) =>
        key is null ? RateLimitPartition.GetNoLimiter(string.Empty) : RateLimitPartition.Get(key, _ => CreateLimiter());

    private DescribedRateLimiter CreateLimiter()
    {
        // Whole tokens per period, the period stretched to match: 2.5/s is 2 every 0.8 s, 0.1/s one every 10 s.
        var tokens = Math.Max(1, (int)Math.Floor(PerSecond));
        return new DescribedRateLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / PerSecond),
            // The partitioned limiter's own heartbeat refills its buckets: no timer per user.
            AutoReplenishment = false,
            QueueLimit = 0,
        }), Description);
    }
}
