using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Notifications;

/// <summary>The hub's connection and delivery settings, under the contract's variable names.</summary>
public sealed class RealtimeHubOptions
{
    [Range(1, 3600)]
    [ConfigurationKeyName("SSE_HEARTBEAT_INTERVAL")]
    public int HeartbeatIntervalSeconds { get; set; } = 30;

    [Range(2, 86_400)]
    [ConfigurationKeyName("SSE_CONNECTION_TIMEOUT")]
    public int ConnectionTimeoutSeconds { get; set; } = 300;

    [Range(1, 10_000)]
    [ConfigurationKeyName("SSE_MAX_BACKLOG_MESSAGES")]
    public int MaxBacklogMessages { get; set; } = 100;

    [Range(1, 10_000)]
    [ConfigurationKeyName("MAX_CONNECTIONS_PER_USER")]
    public int MaxConnectionsPerUser { get; set; } = 3;

    /// <summary>How long a crashed instance's connection slots can outlive it (Redis only).</summary>
    [Range(400, 60_000)]
    [ConfigurationKeyName("INSTANCE_LIVENESS_TTL_MS")]
    public int InstanceLivenessTtlMs { get; set; } = 2000;

    /// <summary>Live messages waiting for one slow connection before it is closed to resume later.</summary>
    [Range(1, 100_000)]
    [ConfigurationKeyName("SSE_SEND_BUFFER_MESSAGES")]
    public int SendBufferMessages { get; set; } = 256;

    [ConfigurationKeyName("ENABLE_NOTIFICATIONS")]
    public bool EnableNotifications { get; set; } = true;
}
