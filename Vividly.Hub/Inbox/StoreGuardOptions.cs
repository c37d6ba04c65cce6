using System.ComponentModel.DataAnnotations;

namespace Vividly.Hub.Inbox;

/// <summary>How long a store operation may take and how many may wait at once before callers are answered 503.</summary>
public sealed class StoreGuardOptions
{
    [Range(100, 60_000)]
    [ConfigurationKeyName("STORE_TIMEOUT_MS")]
    public int TimeoutMs { get; set; } = 2000;

    [Range(1, 100_000)]
    [ConfigurationKeyName("STORE_MAX_PENDING")]
    public int MaxPending { get; set; } = 1000;

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMs);

    /// <summary>Whole seconds, at least one: about one bound, by when the availability monitor has looked again.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(TimeoutMs / 1000.0));
}
