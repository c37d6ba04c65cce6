using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Live;

/// <summary>How much live delivery holds for a slow connection, and how long it waits on Redis.</summary>
public sealed class LiveOptions
{
    /// <summary>Live messages waiting for one slow connection before it is closed to resume later.</summary>
    [Range(1, 100_000, ErrorMessage = "SSE_SEND_BUFFER_MESSAGES must be 1 to 100000.")]
    [ConfigurationKeyName("SSE_SEND_BUFFER_MESSAGES")]
    public int SendBufferMessages { get; set; } = 256;

    /// <summary>How long a stored publish waits for Redis to take its live message before it is answered anyway.</summary>
    [Range(10, 5_000, ErrorMessage = "REDIS_PUBLISH_WAIT_MS must be 10 to 5000.")]
    [ConfigurationKeyName("REDIS_PUBLISH_WAIT_MS")]
    public int PublishWaitMs { get; set; } = 250;

    public TimeSpan PublishWait => TimeSpan.FromMilliseconds(PublishWaitMs);
}
