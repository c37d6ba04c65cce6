using Microsoft.Extensions.Options;

namespace Vividly.Hub.Shared;

/// <summary>This process's name in health answers and <c>ConnectionEstablished</c>.</summary>
public sealed class InstanceIdentity
{
    public InstanceIdentity(IOptions<InstanceOptions> options)
    {
        var nonce = Guid.NewGuid().ToString("N")[..8];
        Id = string.IsNullOrWhiteSpace(options.Value.InstanceId) ? $"{Environment.MachineName.ToLowerInvariant()}-{nonce}" : options.Value.InstanceId;
        ProcessKey = $"{Id}#{nonce}";
    }

    public string Id { get; }

    /// <summary>
    /// Unique to this process even when <c>INSTANCE_ID</c> is fixed: a restarted instance must
    /// neither inherit its predecessor's connection slots nor hear its own live sends back.
    /// </summary>
    public string ProcessKey { get; }
}
