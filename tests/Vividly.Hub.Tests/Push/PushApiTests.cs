using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Push;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Push;

public sealed class PushApiTests : IAsyncLifetime
{
    private const string Endpoint = "https://push.example/wp/abc";
    private readonly (string Public, string Private) _keys = VapidKeys.Generate();
    private readonly string _p256dh = Base64Url.EncodeToString(P256Point.Export(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256)));
    private readonly string _auth = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
    private HubFactory _hub = null!;

    public ValueTask InitializeAsync()
    {
        _hub = PushHub.Configured(_keys);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();

    private IPushSubscriptionStore Store => _hub.Services.GetRequiredService<IPushSubscriptionStore>();

    private object Subscription(string endpoint = Endpoint, string? p256dh = null, string? auth = null) =>
        PushHub.Subscription(endpoint, p256dh ?? _p256dh, auth ?? _auth);

    [Fact]
    public async Task Anyone_reads_the_vapid_public_key()
    {
        using var http = _hub.CreateHttp(null);

        var answer = await http.GetFromJsonAsync<Dictionary<string, string>>(PushApi.Path + "/vapid-public-key");

        Assert.Equal(_keys.Public, answer!["public_key"]);
    }

    [Fact]
    public async Task Without_keys_push_answers_404_problems_and_the_hub_still_starts()
    {
        await using var hub = new HubFactory();
        using var http = hub.CreateHttp(TestTokens.Student("u1"));

        using var key = await http.GetAsync(PushApi.Path + "/vapid-public-key");
        using var subscribe = await PushHub.SubscribeAsync(http, Subscription());

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (key.StatusCode, subscribe.StatusCode));
        Assert.Equal("application/problem+json", key.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not configured", await key.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_malformed_key_pair_fails_start_naming_the_setting()
    {
        await using var hub = new HubFactory().With("VAPID_PUBLIC_KEY", "BAAA").With("VAPID_PRIVATE_KEY", _keys.Private).With("VAPID_SUBJECT", PushHub.Subject);

        var failure = Assert.ThrowsAny<Exception>(() => hub.CreateClient());

        Assert.Contains("VAPID_PUBLIC_KEY must be an uncompressed P-256 point", failure.ToString());
    }

    [Fact]
    public async Task Subscribing_needs_a_user()
    {
        using var http = _hub.CreateHttp(null);

        using var response = await PushHub.SubscribeAsync(http, Subscription());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_subscription_is_stored_for_the_caller_with_their_user_agent_and_a_repeat_replaces_it()
    {
        using var http = _hub.CreateHttp(TestTokens.Student("u1"));
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Firefox/146.0");

        using var first = await PushHub.SubscribeAsync(http, Subscription());
        using var again = await PushHub.SubscribeAsync(http, Subscription());

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.NoContent), (first.StatusCode, again.StatusCode));
        var stored = Assert.Single(await Store.ListAsync("u1", CancellationToken.None));
        Assert.Equal((Endpoint, _p256dh, _auth, "Firefox/146.0"), (stored.Endpoint, stored.P256dh, stored.Auth, stored.UserAgent));
    }

    [Theory]
    [InlineData("http://push.example/wp/abc")]
    [InlineData("push.example/wp/abc")]
    [InlineData("")]
    public async Task An_endpoint_that_is_not_https_is_refused_naming_it(string endpoint)
    {
        using var http = _hub.CreateHttp(TestTokens.Student("u1"));

        using var response = await PushHub.SubscribeAsync(http, Subscription(endpoint));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["endpoint"], await PushHub.ErrorFieldsAsync(response));
        Assert.Empty(await Store.ListAsync("u1", CancellationToken.None));
    }

    [Fact]
    public async Task Loopback_http_is_refused_unless_the_setting_allows_it()
    {
        await using var hub = new HubFactory().With("VAPID_PUBLIC_KEY", _keys.Public).With("VAPID_PRIVATE_KEY", _keys.Private).With("VAPID_SUBJECT", PushHub.Subject);
        using var strict = hub.CreateHttp(TestTokens.Student("u1"));
        using var allowing = _hub.CreateHttp(TestTokens.Student("u1"));

        using var refused = await PushHub.SubscribeAsync(strict, Subscription("http://127.0.0.1:9/push"));
        using var taken = await PushHub.SubscribeAsync(allowing, Subscription("http://127.0.0.1:9/push"));
        using var notLoopback = await PushHub.SubscribeAsync(allowing, Subscription("http://10.0.0.1:9/push"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Created, HttpStatusCode.BadRequest), (refused.StatusCode, taken.StatusCode, notLoopback.StatusCode));
    }

    public static TheoryData<string, string?, string?> BadKeys()
    {
        var offCurve = Base64Url.DecodeFromChars(Base64Url.EncodeToString(P256Point.Export(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256))));
        offCurve[64] ^= 1;
        var compressed = new byte[33];
        compressed[0] = 2;
        return new()
        {
            { "keys.p256dh", Base64Url.EncodeToString(offCurve), null },
            { "keys.p256dh", Base64Url.EncodeToString(compressed), null },
            { "keys.p256dh", "not base64url!", null },
            { "keys.auth", null, Base64Url.EncodeToString(new byte[15]) },
            { "keys.auth", null, Base64Url.EncodeToString(new byte[32]) },
        };
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Keys_of_the_wrong_length_or_off_the_curve_are_refused_naming_the_key(string field, string? p256dh, string? auth)
    {
        using var http = _hub.CreateHttp(TestTokens.Student("u1"));

        using var response = await PushHub.SubscribeAsync(http, Subscription(p256dh: p256dh, auth: auth));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await PushHub.ErrorFieldsAsync(response));
        Assert.Empty(await Store.ListAsync("u1", CancellationToken.None));
    }

    [Fact]
    public async Task A_body_without_keys_or_not_json_is_refused_naming_where()
    {
        using var http = _hub.CreateHttp(TestTokens.Student("u1"));

        using var noKeys = await http.PostAsJsonAsync(PushApi.Path + "/subscriptions", new { endpoint = Endpoint, expirationTime = "soon" });
        using var notJson = await http.PostAsync(PushApi.Path + "/subscriptions", new StringContent("{\"endpoint\":", Encoding.UTF8, "application/json"));

        Assert.Equal(["expirationTime", "keys"], (await PushHub.ErrorFieldsAsync(noKeys)).Order());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    [Fact]
    public async Task Unsubscribing_by_query_or_body_removes_only_the_callers_subscription()
    {
        using var owner = _hub.CreateHttp(TestTokens.Student("u1"));
        using var other = _hub.CreateHttp(TestTokens.Student("u2"));
        await PushHub.SubscribeAsync(owner, Subscription());
        await PushHub.SubscribeAsync(owner, Subscription(Endpoint + "2"));

        using var byOther = await other.DeleteAsync($"{PushApi.Path}/subscriptions?endpoint={Uri.EscapeDataString(Endpoint)}");
        Assert.Equal(HttpStatusCode.NoContent, byOther.StatusCode);
        Assert.Equal(2, (await Store.ListAsync("u1", CancellationToken.None)).Count);

        using var byQuery = await owner.DeleteAsync($"{PushApi.Path}/subscriptions?endpoint={Uri.EscapeDataString(Endpoint)}");
        using var byBody = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Delete, PushApi.Path + "/subscriptions")
        {
            Content = JsonContent.Create(Subscription(Endpoint + "2")),
        });
        using var withoutEndpoint = await owner.DeleteAsync(PushApi.Path + "/subscriptions");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (byQuery.StatusCode, byBody.StatusCode));
        Assert.Empty(await Store.ListAsync("u1", CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, withoutEndpoint.StatusCode);
        Assert.Equal(["endpoint"], await PushHub.ErrorFieldsAsync(withoutEndpoint));
    }
}
