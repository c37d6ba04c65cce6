using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Vividly.Hub.Push;

namespace Vividly.Hub.Tests.Push;

public sealed class WebPushEncryptionTests
{
    // RFC 8291 appendix A.
    private const string Plaintext = "When I grow up, I want to be a watermelon";
    private const string SenderPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string SenderPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string UserAgentPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string UserAgentPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string Body =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    private static ECDiffieHellman Key(string privateKey, string publicKey)
    {
        var parameters = P256Point.ToParameters(Base64Url.DecodeFromChars(publicKey));
        parameters.D = Base64Url.DecodeFromChars(privateKey);
        return ECDiffieHellman.Create(parameters);
    }

    [Fact]
    public void The_rfc_8291_example_encrypts_to_its_body_byte_for_byte()
    {
        using var sender = Key(SenderPrivate, SenderPublic);

        var body = WebPushEncryption.Encrypt(Encoding.UTF8.GetBytes(Plaintext), Base64Url.DecodeFromChars(UserAgentPublic),
            Base64Url.DecodeFromChars(AuthSecret), sender, Base64Url.DecodeFromChars(Salt));

        Assert.Equal(Body, Base64Url.EncodeToString(body));
    }

    [Fact]
    public void The_rfc_8291_example_body_decrypts_with_the_browser_key()
    {
        using var userAgent = Key(UserAgentPrivate, UserAgentPublic);

        var plaintext = WebPushDecryption.Decrypt(Base64Url.DecodeFromChars(Body), userAgent, Base64Url.DecodeFromChars(AuthSecret));

        Assert.Equal(Plaintext, Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void What_is_encrypted_to_a_browser_decrypts_with_its_key_and_carries_the_header()
    {
        using var browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);
        var message = Encoding.UTF8.GetBytes("""{"title":"Your video is ready","body":"Photosynthesis ✓"}""");

        var body = WebPushEncryption.Encrypt(message, P256Point.Export(browser), auth);

        Assert.Equal(message, WebPushDecryption.Decrypt(body, browser, auth));
        Assert.Equal(16 + 4 + 1 + 65 + message.Length + 1 + 16, body.Length);
        Assert.Equal(65, body[20]);
        Assert.Equal(4, body[21]);
    }

    [Fact]
    public void Each_message_has_its_own_salt_and_sender_key()
    {
        using var browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);

        var first = WebPushEncryption.Encrypt("same"u8, P256Point.Export(browser), auth);
        var second = WebPushEncryption.Encrypt("same"u8, P256Point.Export(browser), auth);

        Assert.NotEqual(first[..16], second[..16]);
        Assert.NotEqual(first[21..86], second[21..86]);
    }

    [Fact]
    public void Another_auth_secret_does_not_decrypt()
    {
        using var browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var body = WebPushEncryption.Encrypt("secret"u8, P256Point.Export(browser), RandomNumberGenerator.GetBytes(16));

        Assert.ThrowsAny<CryptographicException>(() => WebPushDecryption.Decrypt(body, browser, RandomNumberGenerator.GetBytes(16)));
    }

    [Fact]
    public void A_message_fills_one_4096_byte_record_and_no_more()
    {
        using var browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);

        Assert.Equal(4096, WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextBytes], P256Point.Export(browser), auth).Length);
        Assert.Throws<ArgumentException>(() => WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextBytes + 1], P256Point.Export(browser), auth));
    }
}
