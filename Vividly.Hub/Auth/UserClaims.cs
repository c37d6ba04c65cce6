using System.Security.Claims;
using Vividly.Hub.Client.Auth;

namespace Vividly.Hub.Auth;

/// <summary>Who a request is for: the token's <c>sub</c>, which keys every inbox, group and connection limit.</summary>
public static class UserClaims
{
    public const string Subject = "sub";

    public const string Expiry = "exp";

    /// <summary>The user's address, when the token carries one: the email channel keeps it (<c>user_emails</c>).</summary>
    public const string Email = "email";

    /// <summary>Null only for an anonymous request; a validated token always has one.</summary>
    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(Subject);

    /// <summary>
    /// The claims the hub reads (subject, expiry, roles, email) in a principal of their own. A connection
    /// holds its principal as long as it is open; the validated token's own (the parsed token
    /// and its text, every claim with its properties) would cost each of thousands of idle
    /// connections a few kilobytes more.
    /// </summary>
    public static ClaimsPrincipal Trimmed(this ClaimsPrincipal user)
    {
        var kept = user.Claims
            .Where(claim => claim.Type is Subject or Expiry or Roles.ClaimType or Email)
            .Select(claim => new Claim(claim.Type, claim.Value, claim.ValueType, claim.Issuer));
        return new ClaimsPrincipal(new ClaimsIdentity(kept, user.Identity?.AuthenticationType, Subject, Roles.ClaimType));
    }
}
