using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Connections;

/// <summary>How many connections a user may hold and how long a silent one is kept, under the contract's variable names.</summary>
public sealed class ConnectionsOptions
{
    [Range(2, 86_400, ErrorMessage = "SSE_CONNECTION_TIMEOUT must be 2 to 86400.")]
    [ConfigurationKeyName("SSE_CONNECTION_TIMEOUT")]
    public int TimeoutSeconds { get; set; } = 300;

    [Range(1, 10_000, ErrorMessage = "MAX_CONNECTIONS_PER_USER must be 1 to 10000.")]
    [ConfigurationKeyName("MAX_CONNECTIONS_PER_USER")]
    public int MaxPerUser { get; set; } = 3;

    /// <summary>How long a crashed instance's connection slots can outlive it (Redis only).</summary>
    [Range(400, 60_000, ErrorMessage = "INSTANCE_LIVENESS_TTL_MS must be 400 to 60000.")]
    [ConfigurationKeyName("INSTANCE_LIVENESS_TTL_MS")]
    public int InstanceLivenessTtlMs { get; set; } = 2000;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
