using Microsoft.Extensions.Options;

namespace Vividly.Hub.Notifications;

/// <summary>This process's name in health answers and <c>ConnectionEstablished</c>.</summary>
public sealed class InstanceIdentity(IOptions<RealtimeHubOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.InstanceId)
        ? $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}"
        : options.Value.InstanceId;
}
