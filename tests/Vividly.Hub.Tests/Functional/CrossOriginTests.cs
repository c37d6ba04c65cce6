using System.Net;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>
/// <c>CORS_ALLOWED_ORIGINS</c>: a listed origin may preflight and call the API and the hub, any
/// other origin gets no CORS header (so a browser refuses the answer), and unset adds none at all.
/// </summary>
public sealed class CrossOriginTests
{
    private const string App = "https://app.vividly.example";
    private const string Stranger = "https://elsewhere.example";
    private const string Negotiate = $"{Routes.Negotiate}?negotiateVersion=1";
    /// <summary>Not mapped here: the policy covers the whole API surface, endpoints added later included.</summary>
    private const string Stream = $"{Routes.Notifications}/stream";

    private static HubFactory HubAllowing(string origins) => new HubFactory().With("CORS_ALLOWED_ORIGINS", origins);

    public static TheoryData<string, string, string> Preflights => new()
    {
        { Routes.Notifications, "GET", "authorization" },
        { $"{Routes.Notifications}/n-1/read", "POST", "authorization" },
        { Routes.Notifications, "DELETE", "authorization" },
        { Routes.Publish, "POST", "authorization,content-type" },
        { Negotiate, "POST", "authorization,x-requested-with,x-signalr-user-agent" },
        { HubMethods.HubPath + "?id=abc", "GET", "authorization,x-requested-with,x-signalr-user-agent" },
        { Stream, "GET", "authorization,last-event-id" },
    };

    [Theory]
    [MemberData(nameof(Preflights))]
    public async Task A_listed_origin_is_answered_a_preflight_with_credentials(string path, string method, string headers)
    {
        using var hub = HubAllowing($"{Stranger}x, {App}");
        using var http = hub.CreateHttp(null);

        using var response = await http.SendAsync(Preflight(path, App, method, headers), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains(method, Header(response, "Access-Control-Allow-Methods")!.Split(','));
        var allowed = Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant().Split(',');
        Assert.All(headers.Split(','), header => Assert.Contains(header, allowed));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
    }

    [Theory]
    [MemberData(nameof(Preflights))]
    public async Task An_origin_not_listed_is_answered_a_preflight_without_permission(string path, string method, string headers)
    {
        using var hub = HubAllowing(App);
        using var http = hub.CreateHttp(null);

        using var response = await http.SendAsync(Preflight(path, Stranger, method, headers), TestContext.Current.CancellationToken);

        AssertNoCorsHeaders(response);
    }

    [Fact]
    public async Task A_listed_origin_may_read_the_inbox_and_negotiate_and_sees_Retry_After()
    {
        using var hub = HubAllowing(App).With("RATE_LIMIT_REST_PER_USER_PER_SECOND", "0.001").With("RATE_LIMIT_REST_PER_USER_BURST", "1");
        using var http = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("cors")));
        var ct = TestContext.Current.CancellationToken;

        using var inbox = await http.SendAsync(From(App, HttpMethod.Get, Routes.Notifications), ct);
        using var negotiate = await http.SendAsync(From(App, HttpMethod.Post, Negotiate), ct);
        using var limited = await http.SendAsync(From(App, HttpMethod.Get, Routes.Notifications), ct);

        foreach (var (response, status) in new[] { (inbox, HttpStatusCode.OK), (negotiate, HttpStatusCode.OK), (limited, HttpStatusCode.TooManyRequests) })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
            Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        }
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("Retry-After", Header(limited, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task A_refusal_to_a_listed_origin_carries_permission_so_the_page_can_read_it()
    {
        using var hub = HubAllowing(App);
        using var http = hub.CreateHttp(null);

        using var response = await http.SendAsync(From(App, HttpMethod.Post, Negotiate), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_origin_not_listed_gets_answers_without_permission()
    {
        using var hub = HubAllowing(App);
        using var http = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("cors")));
        var ct = TestContext.Current.CancellationToken;

        using var inbox = await http.SendAsync(From(Stranger, HttpMethod.Get, Routes.Notifications), ct);
        using var negotiate = await http.SendAsync(From(Stranger, HttpMethod.Post, Negotiate), ct);

        // The server answers; the browser keeps the answer from the page.
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        AssertNoCorsHeaders(inbox);
        AssertNoCorsHeaders(negotiate);
    }

    [Fact]
    public async Task Unset_no_answer_carries_CORS_headers()
    {
        using var hub = new HubFactory();
        using var http = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("cors")));
        var ct = TestContext.Current.CancellationToken;

        using var preflight = await http.SendAsync(Preflight(Routes.Notifications, App, "GET", "authorization"), ct);
        using var inbox = await http.SendAsync(From(App, HttpMethod.Get, Routes.Notifications), ct);

        AssertNoCorsHeaders(preflight);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        AssertNoCorsHeaders(inbox);
    }

    [Fact]
    public async Task Only_the_API_is_shared_not_health_or_the_web_app()
    {
        using var hub = HubAllowing(App);
        using var http = hub.CreateHttp(null);
        var ct = TestContext.Current.CancellationToken;

        using var live = await http.SendAsync(From(App, HttpMethod.Get, Routes.Live), ct);
        using var page = await http.SendAsync(From(App, HttpMethod.Get, "/some/page"), ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        AssertNoCorsHeaders(live);
        AssertNoCorsHeaders(page);
    }

    [Theory]
    [InlineData("HTTPS://App.Vividly.Example:443/")]
    [InlineData(" https://app.vividly.example , ")]
    public async Task A_listed_origin_is_matched_as_a_browser_writes_it(string listed)
    {
        using var hub = HubAllowing(listed);
        using var http = hub.CreateHttp(null);

        using var response = await http.SendAsync(Preflight(Routes.Notifications, App, "GET", "authorization"), TestContext.Current.CancellationToken);

        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://*.vividly.example")]
    [InlineData("app.vividly.example")]
    [InlineData("ftp://app.vividly.example")]
    [InlineData("https://app.vividly.example/app")]
    [InlineData("https://app.vividly.example?x=1")]
    [InlineData("https://user@app.vividly.example")]
    [InlineData("https://app.vividly.example, /relative")]
    public void A_value_that_is_not_an_origin_stops_the_hub_from_starting(string origins)
    {
        using var hub = HubAllowing(origins);
        var failure = Assert.ThrowsAny<Exception>(() => hub.CreateClient());
        Assert.Contains("CORS_ALLOWED_ORIGINS", failure.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = From(origin, HttpMethod.Options, path);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static HttpRequestMessage From(string origin, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;

    private static void AssertNoCorsHeaders(HttpResponseMessage response) =>
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
}
