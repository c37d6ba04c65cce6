using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Push;

/// <summary>
/// Web Push: the application server's VAPID key pair and contact (RFC 8292). Push is on when the
/// keys are set; without them the push endpoints answer 404 and nothing is sent.
/// </summary>
public sealed class PushOptions
{
    /// <summary>The uncompressed P-256 point, base64url (65 bytes); browsers subscribe with it.</summary>
    [ConfigurationKeyName("VAPID_PUBLIC_KEY")]
    public string? VapidPublicKey { get; set; }

    /// <summary>The private scalar d, base64url (32 bytes).</summary>
    [ConfigurationKeyName("VAPID_PRIVATE_KEY")]
    public string? VapidPrivateKey { get; set; }

    /// <summary>How a push service reaches the operator: a mailto: or https: URI.</summary>
    [ConfigurationKeyName("VAPID_SUBJECT")]
    public string? VapidSubject { get; set; }

    /// <summary>Where a clicked notification opens; without it, links are paths on the service worker's own origin.</summary>
    [ConfigurationKeyName("APP_URL")]
    public string? AppUrl { get; set; }

    /// <summary>Accept http:// subscription endpoints on 127.0.0.1, for a push service on loopback in development and tests.</summary>
    [ConfigurationKeyName("PUSH_ALLOW_LOOPBACK_HTTP")]
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>
    /// A subscription its browser has not sent again (the web app sends it on every visit) and no
    /// message has reached for this many days is removed; 0 keeps them until a push service says they are gone.
    /// </summary>
    [ConfigurationKeyName("PUSH_INACTIVE_DAYS")]
    public int InactiveDays { get; set; } = 60;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(VapidPublicKey) || !string.IsNullOrWhiteSpace(VapidPrivateKey);
}
