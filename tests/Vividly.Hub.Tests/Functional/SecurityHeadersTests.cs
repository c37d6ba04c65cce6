using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class SecurityHeadersTests(HubFactory hub) : IClassFixture<HubFactory>
{
    public static TheoryData<string, string, bool, HttpStatusCode?> Answers => new()
    {
        { "GET", "/", false, null },
        { "GET", "/some/page/of/the/app", false, null },
        { "GET", "/api/v1/notifications/health", false, HttpStatusCode.OK },
        { "GET", "/openapi/v1.json", false, HttpStatusCode.OK },
        { "GET", "/api/v1/notifications", true, HttpStatusCode.OK },
        { "GET", "/api/v1/notifications", false, HttpStatusCode.Unauthorized },
        { "GET", "/api/v1/notifications?limit=abc", true, HttpStatusCode.BadRequest },
        { "GET", "/api/v1/no-such-thing", true, HttpStatusCode.NotFound },
        { "POST", "/api/v1/notifications/hub/negotiate?negotiateVersion=1", true, HttpStatusCode.OK },
        { "POST", "/api/v1/notifications/hub/negotiate?negotiateVersion=1", false, HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_carries_the_security_headers_and_names_no_server(string method, string path, bool signedIn, HttpStatusCode? status)
    {
        using var http = hub.CreateHttp(signedIn ? TestTokens.Student(Publishing.NewUser("headers")) : null);
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        if (status is { } expected) Assert.Equal(expected, response.StatusCode);
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public void Kestrel_is_told_not_to_name_itself()
    {
        // The in-memory test server never adds Server; Kestrel would unless told not to.
        Assert.False(hub.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }
}
