using System.Security.Cryptography;

namespace Vividly.Hub.Inbox;

/// <summary>ULIDs: 48 bits of milliseconds then 80 random bits, Crockford base32, so ids sort by time.</summary>
public static class NotificationId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Could be an id this hub gave out; anything else is in no inbox and need not reach a store.</summary>
    public static bool IsWellFormed(string? id) => id is { Length: 26 } && id.All(Alphabet.Contains);

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = (ulong)now.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--, ms >>= 8) bytes[i] = (byte)ms;
        RandomNumberGenerator.Fill(bytes[6..]);

        var value = new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--, value >>= 5) chars[i] = Alphabet[(int)(value & 31)];
        return new string(chars);
    }
}
