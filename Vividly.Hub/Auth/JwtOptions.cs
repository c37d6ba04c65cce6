using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Vividly.Hub.Client.Auth;

namespace Vividly.Hub.Auth;

/// <summary>How tokens are checked: <c>SECRET_KEY</c> (and <c>SECRET_KEY_PREVIOUS</c> during a rotation), <c>JWT_ISSUER</c>, <c>JWT_AUDIENCE</c>.</summary>
public sealed class JwtOptions
{
    /// <summary>HS256 needs at least 256 bits of key.</summary>
    [Required(ErrorMessage = "SECRET_KEY is required outside Development.")]
    [MinLength(32, ErrorMessage = "SECRET_KEY must be at least 32 characters.")]
    [ConfigurationKeyName("SECRET_KEY")]
    public string SecretKey { get; set; } = "";

    /// <summary>
    /// During a rotation, the key <c>SECRET_KEY</c> replaced: tokens signed with it are still
    /// accepted until it is unset, so nobody signed in is logged out. Nothing is signed with it.
    /// </summary>
    [MinLength(32, ErrorMessage = "SECRET_KEY_PREVIOUS must be at least 32 characters.")]
    [ConfigurationKeyName("SECRET_KEY_PREVIOUS")]
    public string? SecretKeyPrevious { get; set; }

    /// <summary>The keys a token may be signed with: the current one first.</summary>
    public IEnumerable<string> ValidationKeys => string.IsNullOrEmpty(SecretKeyPrevious) ? [SecretKey] : [SecretKey, SecretKeyPrevious];

    [Required]
    [ConfigurationKeyName("JWT_ISSUER")]
    public string Issuer { get; set; } = HubTokenSettings.DefaultIssuer;

    [Required]
    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string Audience { get; set; } = HubTokenSettings.DefaultAudience;

    /// <summary>Seconds of clock difference tolerated on <c>exp</c> and <c>nbf</c>.</summary>
    [Range(0, 60)]
    [ConfigurationKeyName("JWT_CLOCK_SKEW_SECONDS")]
    public int ClockSkewSeconds { get; set; } = 5;
}
