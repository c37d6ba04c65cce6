using System.ComponentModel.DataAnnotations;

namespace Vividly.Hub.Email.Digests;

/// <summary>When daily digests go out.</summary>
public sealed class DigestOptions
{
    /// <summary>The local hour (0-23, the user's quiet-hours time zone) the daily digest is sent at.</summary>
    [Range(0, 23)]
    [ConfigurationKeyName("EMAIL_DIGEST_HOUR")]
    public int Hour { get; set; } = 8;
}
