using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vividly.Hub.Push;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): one
/// record, so a message is at most <see cref="MaxPlaintextBytes"/> and push services take it whole.
/// </summary>
public static class WebPushEncryption
{
    public const int RecordSize = 4096;

    public const int SaltBytes = 16;

    private const int KeyBytes = 65;

    private const int TagBytes = 16;

    /// <summary>salt, rs, idlen and the sender's public key.</summary>
    private const int HeaderBytes = SaltBytes + 4 + 1 + KeyBytes;

    /// <summary>
    /// What fits in a body of <see cref="RecordSize"/> bytes with the header, the padding delimiter
    /// and the tag: the size every push service must accept (RFC 8030 section 7.2).
    /// </summary>
    public const int MaxPlaintextBytes = RecordSize - HeaderBytes - 1 - TagBytes;

    private static readonly byte[] KeyInfoLabel = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] ContentKeyInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] NonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    /// <summary>Encrypts to a subscription's keys with a fresh salt and a fresh sender key.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> userAgentPublicKey, ReadOnlySpan<byte> authSecret)
    {
        using var senderKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        return Encrypt(plaintext, userAgentPublicKey, authSecret, senderKey, salt);
    }

    /// <summary>Encrypts with the given salt and sender key; each must be used for one message only.</summary>
    public static byte[] Encrypt(
        ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> userAgentPublicKey, ReadOnlySpan<byte> authSecret, ECDiffieHellman senderKey, ReadOnlySpan<byte> salt)
    {
        if (plaintext.Length > MaxPlaintextBytes)
            throw new ArgumentException($"A push message is at most {MaxPlaintextBytes} bytes; this one is {plaintext.Length}.", nameof(plaintext));
        if (salt.Length != SaltBytes) throw new ArgumentException($"The salt is {SaltBytes} bytes.", nameof(salt));

        using var userAgentKey = ECDiffieHellman.Create(P256Point.ToParameters(userAgentPublicKey));
        var senderPublicKey = P256Point.Export(senderKey);
        var sharedSecret = senderKey.DeriveRawSecretAgreement(userAgentKey.PublicKey);

        // RFC 8291 section 3.4: the auth secret and both public keys bind the key to this subscription.
        var keyInfo = new byte[KeyInfoLabel.Length + KeyBytes * 2];
        KeyInfoLabel.CopyTo(keyInfo, 0);
        userAgentPublicKey.CopyTo(keyInfo.AsSpan(KeyInfoLabel.Length));
        senderPublicKey.CopyTo(keyInfo.AsSpan(KeyInfoLabel.Length + KeyBytes));
        var inputKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, authSecret.ToArray(), keyInfo);

        var pseudoRandomKey = HKDF.Extract(HashAlgorithmName.SHA256, inputKey, salt.ToArray());
        var contentKey = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 16, ContentKeyInfo);
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, pseudoRandomKey, 12, NonceInfo);

        var body = new byte[HeaderBytes + plaintext.Length + 1 + TagBytes];
        salt.CopyTo(body);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(SaltBytes), RecordSize);
        body[SaltBytes + 4] = KeyBytes;
        senderPublicKey.CopyTo(body.AsSpan(SaltBytes + 5));

        // The one record is the last: its padding starts with the delimiter 2 (RFC 8188 section 2).
        var record = new byte[plaintext.Length + 1];
        plaintext.CopyTo(record);
        record[^1] = 2;
        using var aes = new AesGcm(contentKey, TagBytes);
        aes.Encrypt(nonce, record, body.AsSpan(HeaderBytes, record.Length), body.AsSpan(HeaderBytes + record.Length, TagBytes));
        return body;
    }
}
