using System.ComponentModel.DataAnnotations;

namespace Vividly.Hub.Channels;

/// <summary>How the delivery dispatcher claims, sends and retries.</summary>
public sealed class DispatcherOptions
{
    /// <summary>Outbox rows routed, and deliveries sent, per claim.</summary>
    [Range(1, 1000)]
    [ConfigurationKeyName("DISPATCHER_BATCH_SIZE")]
    public int BatchSize { get; set; } = 100;

    /// <summary>Sends tried before a delivery is <c>failed</c>.</summary>
    [Range(1, 100)]
    [ConfigurationKeyName("DISPATCHER_MAX_ATTEMPTS")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long the dispatcher waits when a pass found nothing to do.</summary>
    [Range(10, 60_000)]
    [ConfigurationKeyName("DISPATCHER_POLL_INTERVAL_MS")]
    public int PollIntervalMs { get; set; } = 1000;

    /// <summary>How long a claim holds; a claim whose holder died is taken again after it.</summary>
    [Range(5, 3600)]
    [ConfigurationKeyName("DISPATCHER_LEASE_SECONDS")]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>The first retry's delay; each later one doubles, with jitter, up to <see cref="BackoffMaxSeconds"/>.</summary>
    [Range(10, 600_000)]
    [ConfigurationKeyName("DISPATCHER_BACKOFF_BASE_MS")]
    public int BackoffBaseMs { get; set; } = 2000;

    [Range(1, 86_400)]
    [ConfigurationKeyName("DISPATCHER_BACKOFF_MAX_SECONDS")]
    public int BackoffMaxSeconds { get; set; } = 3600;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
