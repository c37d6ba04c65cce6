using System.Buffers.Text;
using System.Security.Cryptography;

namespace Vividly.Hub.EventStream;

/// <summary>What a ticket looks like: 32 random bytes, base64url, so nothing else is looked up.</summary>
public static class TicketText
{
    private const int Bytes = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    public static bool IsWellFormed(string? ticket) =>
        ticket is { Length: 43 } && Base64Url.IsValid(ticket, out var length) && length == Bytes;
}
