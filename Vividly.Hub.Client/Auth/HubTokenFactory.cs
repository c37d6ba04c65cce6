using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Vividly.Hub.Client.Auth;

/// <summary>
/// Signs HS256 tokens the hub accepts. Services that hold <c>SECRET_KEY</c> (the worker, the
/// load console) mint their own short-lived publisher tokens with it.
/// </summary>
public sealed class HubTokenFactory(HubTokenSettings settings, TimeProvider timeProvider)
{
    private readonly SigningCredentials _credentials = new(
        new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SecretKey)), SecurityAlgorithms.HmacSha256);

    public string Create(string userId, TimeSpan lifetime, params string[] roles)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["sub"] = userId };
        if (roles.Length > 0)
            claims[Roles.ClaimType] = roles;

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
        });
    }
}

/// <summary>The secret, issuer and audience shared with the hub (<c>SECRET_KEY</c>, <c>JWT_ISSUER</c>, <c>JWT_AUDIENCE</c>).</summary>
public sealed record HubTokenSettings(string SecretKey, string Issuer = HubTokenSettings.DefaultIssuer, string Audience = HubTokenSettings.DefaultAudience)
{
    public const string DefaultIssuer = "vividly";
    public const string DefaultAudience = "vividly-realtime";

    /// <summary>The secret used when none is configured in Development; never accepted elsewhere.</summary>
    public const string DevelopmentSecretKey = "vividly-realtime-development-only-secret-0123456789";

    /// <summary>
    /// The configured <c>SECRET_KEY</c>, or in Development, where none is configured,
    /// <see cref="DevelopmentSecretKey"/>: the hub and the worker then agree without setup.
    /// Anywhere else a missing secret stays missing, for their validation to refuse.
    /// </summary>
    [return: NotNullIfNotNull(nameof(configured))]
    public static string? SecretKeyOrDevelopment(string? configured, IHostEnvironment environment) =>
        string.IsNullOrEmpty(configured) && environment.IsDevelopment() ? DevelopmentSecretKey : configured;
}
