using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Notifications;

/// <summary>The hub's own settings, under the contract's variable names.</summary>
public sealed class NotificationsOptions
{
    /// <summary>False: the hub refuses connections and publishes (503); read through <see cref="NotificationSwitch"/>.</summary>
    [ConfigurationKeyName("ENABLE_NOTIFICATIONS")]
    public bool EnableNotifications { get; set; } = true;

    [Range(1, 3600, ErrorMessage = "SSE_HEARTBEAT_INTERVAL must be 1 to 3600.")]
    [ConfigurationKeyName("SSE_HEARTBEAT_INTERVAL")]
    public int HeartbeatIntervalSeconds { get; set; } = 30;

    /// <summary>The most notifications one <c>Resume</c> or <c>ResumeFrom</c> page holds.</summary>
    [Range(1, 10_000, ErrorMessage = "SSE_MAX_BACKLOG_MESSAGES must be 1 to 10000.")]
    [ConfigurationKeyName("SSE_MAX_BACKLOG_MESSAGES")]
    public int MaxBacklogMessages { get; set; } = 100;
}
