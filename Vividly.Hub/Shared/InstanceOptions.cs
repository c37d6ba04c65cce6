using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Shared;

/// <summary>What this instance is called (<c>INSTANCE_ID</c>); see <see cref="InstanceIdentity"/>.</summary>
public sealed class InstanceOptions
{
    /// <summary>Names this instance in health and <c>ConnectionEstablished</c>; generated when unset.</summary>
    [ConfigurationKeyName("INSTANCE_ID")]
    public string? InstanceId { get; set; }
}
