using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>Rotating <c>SECRET_KEY</c>: the new key signs and is accepted; the previous one is accepted only while <c>SECRET_KEY_PREVIOUS</c> names it.</summary>
public sealed class KeyRotationTests
{
    private const string Negotiate = $"{Routes.Negotiate}?negotiateVersion=1";
    private const string NewKey = "the-new-secret-key-after-the-rotation-0123456789";
    private static readonly string OldToken = TestTokens.Student("signed-in-before");
    private static readonly string NewToken = Token(NewKey);

    [Fact]
    public async Task During_a_rotation_tokens_signed_with_either_key_are_accepted()
    {
        using var hub = new HubFactory().With("SECRET_KEY", NewKey).With("SECRET_KEY_PREVIOUS", TestTokens.Secret);

        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(hub, OldToken));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(hub, NewToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(hub, Token("a-third-key-nobody-configured-0123456789abc")));
    }

    [Fact]
    public async Task Once_the_previous_key_is_unset_or_emptied_its_tokens_are_refused()
    {
        using var unset = new HubFactory().With("SECRET_KEY", NewKey);
        using var emptied = new HubFactory().With("SECRET_KEY", NewKey).With("SECRET_KEY_PREVIOUS", "");

        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(unset, OldToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(emptied, OldToken));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(emptied, NewToken));
    }

    [Fact]
    public async Task The_hub_signs_with_the_new_key_only()
    {
        using var hub = new HubFactory().With("SECRET_KEY", NewKey).With("SECRET_KEY_PREVIOUS", TestTokens.Secret);
        var signed = hub.Services.GetRequiredService<HubTokenFactory>().Create("demo", TimeSpan.FromMinutes(5));

        var withNew = await new JsonWebTokenHandler().ValidateTokenAsync(signed, Parameters(NewKey));
        var withOld = await new JsonWebTokenHandler().ValidateTokenAsync(signed, Parameters(TestTokens.Secret));
        Assert.True(withNew.IsValid);
        Assert.False(withOld.IsValid);
    }

    [Fact]
    public void A_previous_key_shorter_than_32_characters_stops_the_start()
    {
        using var hub = new HubFactory().With("SECRET_KEY", NewKey).With("SECRET_KEY_PREVIOUS", "too-short");

        var refused = Assert.Throws<OptionsValidationException>(() => hub.CreateClient());
        Assert.Contains("SECRET_KEY_PREVIOUS", refused.Message, StringComparison.Ordinal);
    }

    private static string Token(string key) =>
        new HubTokenFactory(new HubTokenSettings(key), TimeProvider.System).Create("signed-in-after", TimeSpan.FromHours(1));

    private static TokenValidationParameters Parameters(string key) => new()
    {
        ValidIssuer = HubTokenSettings.DefaultIssuer,
        ValidAudience = HubTokenSettings.DefaultAudience,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
    };

    private static async Task<HttpStatusCode> NegotiateAsync(HubFactory hub, string token)
    {
        using var http = hub.CreateHttp(token);
        using var negotiate = await http.PostAsync(Negotiate, null);
        return negotiate.StatusCode;
    }
}
