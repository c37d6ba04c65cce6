using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Vividly.Hub.RateLimits;

/// <summary>
/// The publish limits, one budget whichever way a publish arrives (REST or the hub's
/// <c>Publish</c>): per publishing service (its token's <c>sub</c>) and per target user.
/// Leases from these are refusals to act on, not resources to hold.
/// </summary>
public sealed class PublishRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perPublisher;
    private readonly PartitionedRateLimiter<string> _perUser;

    public PublishRateLimits(IOptions<RateLimitOptions> options)
    {
        _perPublisher = options.Value.PublishPerPublisher.Partitioned<string>(publisher => publisher);
        _perUser = options.Value.PublishPerUser.Partitioned<string>(userId => userId);
        PublisherBurst = options.Value.PublishPerPublisherBurst;
    }

    /// <summary>The most publishes one publisher may make at once; a batch of more could never be let through.</summary>
    public int PublisherBurst { get; }

    /// <summary>Checked first, before the body is read; a batch spends one publish per request.</summary>
    public RateLimitLease AcquireForPublisher(string publisher, int publishes = 1) => _perPublisher.AttemptAcquire(publisher, publishes);

    /// <summary>Checked once the request is valid, so the user it names is the one counted.</summary>
    public RateLimitLease AcquireForUser(string userId) => _perUser.AttemptAcquire(userId);

    public void Dispose()
    {
        _perPublisher.Dispose();
        _perUser.Dispose();
    }
}
