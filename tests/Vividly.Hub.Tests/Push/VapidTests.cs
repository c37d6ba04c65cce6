using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Push;

namespace Vividly.Hub.Tests.Push;

public sealed class VapidTests
{
    private static readonly (string Public, string Private) Pair = VapidKeys.Generate();

    private static PushOptions Options(string? publicKey = null, string? privateKey = null, string? subject = "mailto:ops@vividly.example") => new()
    {
        VapidPublicKey = publicKey ?? Pair.Public,
        VapidPrivateKey = privateKey ?? Pair.Private,
        VapidSubject = subject,
    };

    private static string? Failure(PushOptions options) => new PushOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void A_generated_pair_is_valid_and_prints_as_the_two_settings()
    {
        Assert.Null(Failure(Options()));
        Assert.Equal(65, Base64Url.DecodeFromChars(Pair.Public).Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(Pair.Private).Length);

        var lines = VapidKeysCommand.Run().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("VAPID_PUBLIC_KEY=B", lines[0]);
        Assert.StartsWith("VAPID_PRIVATE_KEY=", lines[1]);
        Assert.Null(Failure(Options(lines[0]["VAPID_PUBLIC_KEY=".Length..], lines[1]["VAPID_PRIVATE_KEY=".Length..])));
    }

    [Fact]
    public void Without_keys_push_is_off_and_start_goes_on() =>
        Assert.Null(Failure(new PushOptions()));

    [Theory]
    [InlineData(null, "", "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY")]
    [InlineData("", null, "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY")]
    [InlineData("not base64url!", null, "VAPID_PUBLIC_KEY is not base64url")]
    [InlineData("BAAA", null, "VAPID_PUBLIC_KEY must be an uncompressed P-256 point")]
    [InlineData(null, "AAAA", "VAPID_PRIVATE_KEY must be the 32-byte")]
    public void Malformed_keys_fail_start_saying_which(string? publicKey, string? privateKey, string expected)
    {
        var options = Options(publicKey, privateKey);
        if (publicKey == "") options.VapidPublicKey = null;
        if (privateKey == "") options.VapidPrivateKey = null;

        Assert.Contains(expected, Failure(options));
    }

    [Fact]
    public void A_point_off_the_curve_fails_start()
    {
        var point = Base64Url.DecodeFromChars(Pair.Public);
        point[64] ^= 1;

        Assert.Contains("VAPID_PUBLIC_KEY must be an uncompressed P-256 point", Failure(Options(Base64Url.EncodeToString(point))));
    }

    [Fact]
    public void Keys_from_two_pairs_fail_start()
    {
        var other = VapidKeys.Generate();

        Assert.Contains("do not form a key pair", Failure(Options(privateKey: other.PrivateKey)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ops@vividly.example")]
    [InlineData("http://vividly.example/contact")]
    public void A_subject_push_services_cannot_use_fails_start(string? subject) =>
        Assert.Contains("VAPID_SUBJECT", Failure(Options(subject: subject)));

    [Fact]
    public void The_header_is_an_es256_jwt_for_the_push_service_origin_with_the_public_key()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
        using var keys = VapidKeys.Parse(Pair.Public, Pair.Private);
        var header = new VapidToken(keys, "mailto:ops@vividly.example", time)
            .AuthorizationFor(new Uri("https://fcm.push.example:8443/wp/abc?x=1"));

        Assert.StartsWith("vapid t=", header);
        Assert.EndsWith($", k={Pair.Public}", header);
        var token = header["vapid t=".Length..header.IndexOf(',')];
        var parts = token.Split('.');
        using var jwtHeader = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("ES256", jwtHeader.RootElement.GetProperty("alg").GetString());
        Assert.Equal("https://fcm.push.example:8443", claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal("mailto:ops@vividly.example", claims.RootElement.GetProperty("sub").GetString());
        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        Assert.True(expires > time.GetUtcNow() && expires <= time.GetUtcNow().AddHours(24), $"exp {expires}");

        using var verifier = ECDsa.Create(P256Point.ToParameters(Base64Url.DecodeFromChars(Pair.Public)));
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256));
    }
}
