using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Backplane;

/// <summary><c>REDIS_URL</c> set: live messages and connection limits span instances through Redis; unset: one instance.</summary>
public sealed class BackplaneOptions
{
    [ConfigurationKeyName("REDIS_URL")]
    public string? RedisUrl { get; set; }

    /// <summary>Keeps this service's Redis keys and channels apart from anything else on the same Redis.</summary>
    public const string ChannelPrefix = "vividly-realtime";
}
