using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Redis;

/// <summary><c>REDIS_URL</c> set: live messages and connection limits span instances through Redis; unset: one instance.</summary>
public sealed class RedisOptions
{
    /// <summary>Keeps this service's Redis keys and channels apart from anything else on the same Redis.</summary>
    public const string KeyPrefix = "vividly-realtime";

    [ConfigurationKeyName("REDIS_URL")]
    public string? Url { get; set; }

    /// <summary>
    /// The longest any wait on Redis lasts, and how long an unanswered PING takes to mark Redis
    /// stalled. Managed Redis answers in a millisecond or two; a second means it is not answering.
    /// </summary>
    [Range(100, 30_000, ErrorMessage = "REDIS_TIMEOUT_MS must be 100 to 30000.")]
    [ConfigurationKeyName("REDIS_TIMEOUT_MS")]
    public int TimeoutMs { get; set; } = 1000;

    /// <summary>The one test of whether this instance uses Redis at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);
}
