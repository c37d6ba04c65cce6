using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Vividly.Hub.Push;

namespace Vividly.Hub.Tests.Push;

/// <summary>The browser's side of RFC 8291, written from the RFC apart from the encryption it checks.</summary>
internal static class WebPushDecryption
{
    public static byte[] Decrypt(byte[] body, ECDiffieHellman userAgentKey, byte[] authSecret)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16));
        var idLength = body[20];
        var senderPublicKey = body[21..(21 + idLength)];
        var ciphertext = body[(21 + idLength)..];
        Assert.Equal(4096u, recordSize);
        Assert.True(ciphertext.Length <= recordSize, "one record");

        using var sender = ECDiffieHellman.Create(P256Point.ToParameters(senderPublicKey));
        var shared = userAgentKey.DeriveRawSecretAgreement(sender.PublicKey);
        byte[] keyInfo = [.. Encoding.ASCII.GetBytes("WebPush: info\0"), .. P256Point.Export(userAgentKey), .. senderPublicKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, authSecret, keyInfo);
        var cek = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"));
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"));

        var record = new byte[ciphertext.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, ciphertext.AsSpan(0, record.Length), ciphertext.AsSpan(record.Length), record);
        // The last record's padding: a 2, then zeros.
        var end = Array.FindLastIndex(record, b => b != 0);
        Assert.Equal(2, record[end]);
        return record[..end];
    }
}
