using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.RateLimits;

/// <summary>
/// Token buckets per caller: a sustained rate per second and the burst a bucket holds. The
/// defaults leave the load scenarios untouched (one publisher at up to 4,000/s over 200 users,
/// 10,000 connections opened at 100/s from one address) and still stop a flood.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    private const double MinRate = 0.001;
    private const double MaxRate = 1_000_000;
    private const int MaxBurst = 1_000_000;

    [Range(MinRate, MaxRate)]
    [ConfigurationKeyName("RATE_LIMIT_PUBLISH_PER_PUBLISHER_PER_SECOND")]
    public double PublishPerPublisherPerSecond { get; set; } = 5_000;

    [Range(1, MaxBurst)]
    [ConfigurationKeyName("RATE_LIMIT_PUBLISH_PER_PUBLISHER_BURST")]
    public int PublishPerPublisherBurst { get; set; } = 10_000;

    [Range(MinRate, MaxRate)]
    [ConfigurationKeyName("RATE_LIMIT_PUBLISH_PER_USER_PER_SECOND")]
    public double PublishPerUserPerSecond { get; set; } = 100;

    [Range(1, MaxBurst)]
    [ConfigurationKeyName("RATE_LIMIT_PUBLISH_PER_USER_BURST")]
    public int PublishPerUserBurst { get; set; } = 200;

    [Range(MinRate, MaxRate)]
    [ConfigurationKeyName("RATE_LIMIT_NEGOTIATE_PER_USER_PER_SECOND")]
    public double NegotiatePerUserPerSecond { get; set; } = 20;

    [Range(1, MaxBurst)]
    [ConfigurationKeyName("RATE_LIMIT_NEGOTIATE_PER_USER_BURST")]
    public int NegotiatePerUserBurst { get; set; } = 100;

    [Range(MinRate, MaxRate)]
    [ConfigurationKeyName("RATE_LIMIT_NEGOTIATE_PER_ADDRESS_PER_SECOND")]
    public double NegotiatePerAddressPerSecond { get; set; } = 500;

    [Range(1, MaxBurst)]
    [ConfigurationKeyName("RATE_LIMIT_NEGOTIATE_PER_ADDRESS_BURST")]
    public int NegotiatePerAddressBurst { get; set; } = 2_000;

    [Range(MinRate, MaxRate)]
    [ConfigurationKeyName("RATE_LIMIT_REST_PER_USER_PER_SECOND")]
    public double RestPerUserPerSecond { get; set; } = 20;

    [Range(1, MaxBurst)]
    [ConfigurationKeyName("RATE_LIMIT_REST_PER_USER_BURST")]
    public int RestPerUserBurst { get; set; } = 100;

    public TokenBucketLimit PublishPerPublisher => new(PublishPerPublisherPerSecond, PublishPerPublisherBurst, "publishes per second from one publisher");

    public TokenBucketLimit PublishPerUser => new(PublishPerUserPerSecond, PublishPerUserBurst, "publishes per second to one user");

    public TokenBucketLimit NegotiatePerUser => new(NegotiatePerUserPerSecond, NegotiatePerUserBurst, "negotiates per second for one user");

    public TokenBucketLimit NegotiatePerAddress => new(NegotiatePerAddressPerSecond, NegotiatePerAddressBurst, "negotiates per second from one client address");

    public TokenBucketLimit RestPerUser => new(RestPerUserPerSecond, RestPerUserBurst, "inbox calls per second for one user");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A bucket smaller than one second's refill would silently cap the rate at the burst.
        foreach (var (limit, burst) in new[]
                 {
                     (PublishPerPublisher, nameof(PublishPerPublisherBurst)), (PublishPerUser, nameof(PublishPerUserBurst)),
                     (NegotiatePerUser, nameof(NegotiatePerUserBurst)), (NegotiatePerAddress, nameof(NegotiatePerAddressBurst)),
                     (RestPerUser, nameof(RestPerUserBurst)),
                 })
        {
            if (limit.Burst < limit.PerSecond)
                yield return new ValidationResult($"The burst of \"{limit.What}\" must be at least its rate per second.", [burst]);
        }
    }
}
