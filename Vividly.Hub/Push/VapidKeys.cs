using System.Buffers.Text;
using System.Security.Cryptography;

namespace Vividly.Hub.Push;

/// <summary>The application server's P-256 key pair (RFC 8292), read from base64url text.</summary>
public sealed class VapidKeys : IDisposable
{
    private const int PrivateKeyBytes = 32;

    private VapidKeys(ECDsa key, string publicKey)
    {
        Key = key;
        PublicKey = publicKey;
    }

    public ECDsa Key { get; }

    /// <summary>The public key as browsers take it (<c>applicationServerKey</c>) and the <c>k</c> of the Authorization header.</summary>
    public string PublicKey { get; }

    /// <summary>Reads a pair, throwing <see cref="FormatException"/> with what is wrong.</summary>
    public static VapidKeys Parse(string publicKey, string privateKey)
    {
        var point = Decode(publicKey, "VAPID_PUBLIC_KEY");
        var d = Decode(privateKey, "VAPID_PRIVATE_KEY");
        if (point.Length != P256Point.Bytes || point[0] != 4 || !P256Point.IsValid(point))
            throw new FormatException($"VAPID_PUBLIC_KEY must be an uncompressed P-256 point: {P256Point.Bytes} bytes, base64url, starting with 0x04 (BASE64URL 'B').");
        if (d.Length != PrivateKeyBytes)
            throw new FormatException($"VAPID_PRIVATE_KEY must be the {PrivateKeyBytes}-byte P-256 private key, base64url; it is {d.Length} bytes.");

        var parameters = P256Point.ToParameters(point);
        parameters.D = d;
        ECDsa key;
        try
        {
            key = ECDsa.Create(parameters);
        }
        catch (CryptographicException)
        {
            throw new FormatException("VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY do not form a key pair.");
        }
        // Importing may not compare d with the point on every platform: a signature settles it.
        byte[] probe = [1, 2, 3];
        using var publicOnly = ECDsa.Create(P256Point.ToParameters(point));
        if (!publicOnly.VerifyData(probe, key.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256))
        {
            key.Dispose();
            throw new FormatException("VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY do not form a key pair.");
        }
        return new VapidKeys(key, Base64Url.EncodeToString(point));
    }

    /// <summary>A new pair as the two settings, public first.</summary>
    public static (string PublicKey, string PrivateKey) Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(true);
        return (Base64Url.EncodeToString(P256Point.Export(key)), Base64Url.EncodeToString(parameters.D));
    }

    private static byte[] Decode(string text, string setting)
    {
        try
        {
            return Base64Url.DecodeFromChars(text.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException($"{setting} is not base64url.");
        }
    }

    public void Dispose() => Key.Dispose();
}
