using System.Net;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Development;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

public sealed class AuthTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private const string Negotiate = $"{Routes.Negotiate}?negotiateVersion=1";

    private static string Sign(string secret = TestTokens.Secret, string issuer = "vividly", string audience = "vividly-realtime",
        DateTime? expires = null, string algorithm = SecurityAlgorithms.HmacSha256, bool withExpiry = true, string? subject = "someone")
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>();
        if (subject is not null) claims["sub"] = subject;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.AddHours(-2),
            NotBefore = now.AddHours(-2),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm),
        };
        if (withExpiry) descriptor.Expires = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string Unsigned()
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(json);
        return $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{Encode($$"""{"sub":"mallory","iss":"vividly","aud":"vividly-realtime","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}},"roles":["notifications.publish"]}""")}.";
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "expired", Sign(expires: DateTime.UtcNow.AddMinutes(-1)) },
        { "unsigned", Unsigned() },
        { "wrongly signed", Sign(secret: "another-secret-entirely-another-secret-entirely") },
        { "wrong issuer", Sign(issuer: "someone-else") },
        { "wrong audience", Sign(audience: "another-service") },
        { "no expiry", Sign(withExpiry: false) },
        { "HS512", Sign(algorithm: SecurityAlgorithms.HmacSha512) },
        { "no subject", Sign(subject: null) },
        { "empty subject", Sign(subject: "") },
        { "blank subject", Sign(subject: "   ") },
        { "NUL in the subject", Sign(subject: "student\u0000") },
        { "garbage", "not-a-token" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Bad_tokens_are_refused_with_401(string why, string token)
    {
        using var http = hub.CreateHttp(token);
        using var negotiate = await http.PostAsync(Negotiate, null);
        using var inbox = await http.GetAsync(Routes.Notifications);
        Assert.True(negotiate.StatusCode == HttpStatusCode.Unauthorized, why);
        Assert.Equal(HttpStatusCode.Unauthorized, inbox.StatusCode);
        Assert.Equal("application/problem+json", inbox.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_good_token_is_accepted()
    {
        using var http = hub.CreateHttp(Sign());
        using var negotiate = await http.PostAsync(Negotiate, null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task No_token_is_401()
    {
        using var http = hub.CreateHttp(null);
        using var negotiate = await http.PostAsync(Negotiate, null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Fact]
    public async Task The_query_string_token_works_on_the_hub_path_only()
    {
        var token = TestTokens.Student("query-user");
        using var http = hub.CreateHttp(null);
        using var negotiate = await http.PostAsync($"{Negotiate}&access_token={token}", null);
        using var inbox = await http.GetAsync($"{Routes.Notifications}?access_token={token}");
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, inbox.StatusCode);
    }

    [Fact]
    public async Task A_student_cannot_publish_or_read_admin_endpoints()
    {
        using var http = hub.CreateHttp(TestTokens.Student("curious-student"));
        using var publish = await http.PostAsync(Routes.Publish,
            new StringContent("""{"user_id":"victim","type":"system.announcement","title":"t","message":"m"}""", Encoding.UTF8, "application/json"));
        using var connections = await http.GetAsync(Routes.Connections);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal("application/problem+json", publish.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, connections.StatusCode);
        var victimInbox = await hub.InboxAsync("victim");
        Assert.Empty(victimInbox["items"]!.AsArray());
    }

    [Fact]
    public async Task An_admin_reads_this_instances_connections()
    {
        using var http = hub.CreateHttp(TestTokens.Factory.Create("ops", TimeSpan.FromMinutes(5), Roles.Admin));
        using var response = await http.GetAsync(Routes.Connections);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"instance_id\"", body, StringComparison.Ordinal);
        Assert.Contains("\"by_user\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_there_is_no_way_to_get_a_demo_token()
    {
        using var http = hub.CreateHttp(null);
        using var token = await http.GetAsync($"{DevelopmentApi.Prefix}/token?user_id=anyone&roles=notifications.publish");
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.DoesNotContain("access_token", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
