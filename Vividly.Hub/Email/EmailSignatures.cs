using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;

namespace Vividly.Hub.Email;

/// <summary>
/// HMAC-SHA256 signatures for the links in an email, keyed with <c>SECRET_KEY</c> (and, during a
/// rotation, checked with <c>SECRET_KEY_PREVIOUS</c> too) so every instance signs and checks alike
/// and links in mail already sent keep working. Each use has its own purpose in what is signed:
/// an open pixel's signature is worth nothing as an unsubscribe token.
/// </summary>
public sealed class EmailSignatures(IOptions<JwtOptions> jwt)
{
    public const string Unsubscribe = "unsubscribe";
    public const string Open = "open";
    public const string Click = "click";

    public string Sign(string purpose, string value) => Base64Url.EncodeToString(Mac(jwt.Value.SecretKey, purpose, value));

    public bool Verify(string purpose, string value, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || !Base64Url.IsValid(signature)) return false;
        var given = Base64Url.DecodeFromChars(signature);
        return jwt.Value.ValidationKeys.Any(key => CryptographicOperations.FixedTimeEquals(given, Mac(key, purpose, value)));
    }

    /// <summary>A token carrying <paramref name="value"/> and its signature: <c>{base64url(value)}.{signature}</c>.</summary>
    public string Token(string purpose, string value) =>
        $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value))}.{Sign(purpose, value)}";

    /// <summary>What a token carries: its value, or whether it was malformed or forged.</summary>
    public SignedToken Read(string purpose, string? token)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || !Base64Url.IsValid(token.AsSpan(0, dot))) return SignedToken.Malformed;
        string value;
        try
        {
            value = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
        }
        catch (DecoderFallbackException)
        {
            return SignedToken.Malformed;
        }
        return Verify(purpose, value, token![(dot + 1)..]) ? new SignedToken(value, false) : SignedToken.Forged;
    }

    private static byte[] Mac(string key, string purpose, string value) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"vividly-email/{purpose}\n{value}"));
}

/// <summary>An opened token: the value it carries, or null when it was malformed (<see cref="IsForged"/> false) or forged.</summary>
public sealed record SignedToken(string? Value, bool IsForged)
{
    public static SignedToken Malformed { get; } = new(null, false);
    public static SignedToken Forged { get; } = new(null, true);
}
