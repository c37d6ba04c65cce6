using System.Security.Claims;

namespace Vividly.Hub.Auth;

/// <summary>Who a request is for: the token's <c>sub</c>, which keys every inbox, group and connection limit.</summary>
public static class UserClaims
{
    public const string Subject = "sub";

    /// <summary>Null only for an anonymous request; a validated token always has one.</summary>
    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(Subject);
}
