using System.Security.Claims;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Auth;

namespace Vividly.Hub.Tests.Unit;

public sealed class UserClaimsTests
{
    [Fact]
    public void A_trimmed_principal_keeps_what_the_hub_reads_and_nothing_else()
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim("sub", "student-1"), new Claim("exp", "1900000000", ClaimValueTypes.Integer64),
                new Claim("roles", Roles.Publish), new Claim("roles", Roles.Admin),
                new Claim("iss", "vividly"), new Claim("aud", "vividly-realtime"), new Claim("Sub", "someone-else"),
            ],
            "AuthenticationTypes.Federation", "sub", "roles"));

        var trimmed = token.Trimmed();

        Assert.Equal("student-1", trimmed.UserId());
        Assert.Equal("student-1", trimmed.Identity?.Name);
        Assert.True(trimmed.Identity?.IsAuthenticated);
        Assert.True(trimmed.IsInRole(Roles.Publish));
        Assert.True(trimmed.IsInRole(Roles.Admin));
        Assert.Equal("1900000000", trimmed.FindFirst("exp")?.Value);
        Assert.Equal(["sub", "exp", "roles", "roles"], trimmed.Claims.Select(c => c.Type));
    }

    [Fact]
    public void A_trimmed_principal_keeps_the_email_claim_the_email_channel_reads()
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "student-1"), new Claim("email", "ada@example.test")], "Bearer", "sub", "roles"));

        Assert.Equal("ada@example.test", token.Trimmed().FindFirst(UserClaims.Email)?.Value);
    }
}
