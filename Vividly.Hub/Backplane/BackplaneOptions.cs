using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Backplane;

/// <summary><c>REDIS_URL</c> set: live messages and connection limits span instances through Redis; unset: one instance.</summary>
public sealed class BackplaneOptions
{
    [ConfigurationKeyName("REDIS_URL")]
    public string? RedisUrl { get; set; }

    /// <summary>
    /// The longest any wait on Redis lasts, and how long an unanswered PING takes to mark Redis
    /// stalled. Managed Redis answers in a millisecond or two; a second means it is not answering.
    /// </summary>
    [Range(100, 30_000, ErrorMessage = "REDIS_TIMEOUT_MS must be 100 to 30000.")]
    [ConfigurationKeyName("REDIS_TIMEOUT_MS")]
    public int TimeoutMs { get; set; } = 1000;

    /// <summary>How long a stored publish waits for Redis to take its live message before it is answered anyway.</summary>
    [Range(10, 5_000, ErrorMessage = "REDIS_PUBLISH_WAIT_MS must be 10 to 5000.")]
    [ConfigurationKeyName("REDIS_PUBLISH_WAIT_MS")]
    public int PublishWaitMs { get; set; } = 250;

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);

    public TimeSpan PublishWait => TimeSpan.FromMilliseconds(PublishWaitMs);

    /// <summary>Keeps this service's Redis keys and channels apart from anything else on the same Redis.</summary>
    public const string ChannelPrefix = "vividly-realtime";
}
