using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Vividly.Hub.Push;

/// <summary>The VAPID Authorization header (RFC 8292): an ES256 JWT for one push service's origin.</summary>
public sealed class VapidToken(VapidKeys keys, string subject, TimeProvider timeProvider)
{
    /// <summary>Under the 24 hours RFC 8292 allows, so a push service's clock running ahead still accepts it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly SigningCredentials _credentials = new(new ECDsaSecurityKey(keys.Key), SecurityAlgorithms.EcdsaSha256);

    /// <summary>The value of the Authorization header for a message to <paramref name="endpoint"/>.</summary>
    public string AuthorizationFor(Uri endpoint)
    {
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Audience = endpoint.GetLeftPart(UriPartial.Authority),
            Expires = timeProvider.GetUtcNow().Add(Lifetime).UtcDateTime,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject)]),
            SigningCredentials = _credentials,
        });
        return $"vapid t={token}, k={keys.PublicKey}";
    }
}
