using System.Security.Cryptography;

namespace Vividly.Hub.Push;

/// <summary>P-256 public keys as Web Push writes them: the 65-byte uncompressed point (0x04, X, Y).</summary>
public static class P256Point
{
    public const int Bytes = 65;

    public static ECParameters ToParameters(ReadOnlySpan<byte> point)
    {
        if (point.Length != Bytes || point[0] != 4)
            throw new CryptographicException($"A P-256 public key is {Bytes} bytes starting with 0x04 (an uncompressed point).");
        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..].ToArray() },
        };
    }

    /// <summary>Whether <paramref name="point"/> is an uncompressed point on the curve (importing checks it).</summary>
    public static bool IsValid(ReadOnlySpan<byte> point)
    {
        try
        {
            using var key = ECDiffieHellman.Create(ToParameters(point));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[] Export(AsymmetricAlgorithm key)
    {
        var q = key switch
        {
            ECDiffieHellman ecdh => ecdh.ExportParameters(false).Q,
            ECDsa ecdsa => ecdsa.ExportParameters(false).Q,
            _ => throw new ArgumentException("Not an elliptic-curve key.", nameof(key)),
        };
        return [4, .. q.X!, .. q.Y!];
    }
}
