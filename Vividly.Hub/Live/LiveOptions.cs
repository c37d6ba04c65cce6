using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Live;

/// <summary>How long live delivery waits on Redis.</summary>
public sealed class LiveOptions
{
    /// <summary>How long a stored publish waits for Redis to take its live message before it is answered anyway.</summary>
    [Range(10, 5_000, ErrorMessage = "REDIS_PUBLISH_WAIT_MS must be 10 to 5000.")]
    [ConfigurationKeyName("REDIS_PUBLISH_WAIT_MS")]
    public int PublishWaitMs { get; set; } = 250;

    public TimeSpan PublishWait => TimeSpan.FromMilliseconds(PublishWaitMs);
}
