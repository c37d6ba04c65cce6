using System.Threading.RateLimiting;
using Vividly.Hub.RateLimits;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Unit;

public sealed class TokenBucketLimitTests
{
    [Fact]
    public void A_refusal_names_the_limit_and_when_to_retry()
    {
        using var limiter = new TokenBucketLimit(0.5, 1, "things per second").Partitioned<string>(key => key);
        using (var first = limiter.AttemptAcquire("a")) Assert.True(first.IsAcquired);

        using var refused = limiter.AttemptAcquire("a");
        Assert.False(refused.IsAcquired);
        Assert.Equal(2, RateLimitRefusal.RetryAfterSeconds(refused));
        Assert.Equal("At most 0.5 things per second (bursts of 1); retry after 2 s.", RateLimitRefusal.Detail(refused));
        using (var otherKey = limiter.AttemptAcquire("b")) Assert.True(otherKey.IsAcquired);
    }

    [Fact]
    public void A_null_key_is_not_limited()
    {
        using var limiter = new TokenBucketLimit(0.001, 1, "things per second").Partitioned<string?>(key => key);
        for (var i = 0; i < 5; i++)
        {
            using var lease = limiter.AttemptAcquire(null);
            Assert.True(lease.IsAcquired);
        }
    }

    /// <summary>The buckets do not refill themselves: the partitioned limiter's heartbeat must reach them through the wrapper.</summary>
    [Fact]
    public async Task An_emptied_bucket_refills()
    {
        using var limiter = new TokenBucketLimit(20, 20, "things per second").Partitioned<string>(key => key);
        for (var i = 0; i < 20; i++)
        {
            using var lease = limiter.AttemptAcquire("a");
            Assert.True(lease.IsAcquired);
        }
        using (var refused = limiter.AttemptAcquire("a")) Assert.False(refused.IsAcquired);

        await Eventually.AssertAsync(() =>
        {
            using var lease = limiter.AttemptAcquire("a");
            return lease.IsAcquired;
        }, TimeSpan.FromSeconds(10), "tokens come back");
    }
}
