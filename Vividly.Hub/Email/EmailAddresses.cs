using MimeKit;

namespace Vividly.Hub.Email;

/// <summary>What the channel accepts as an address: one plain mailbox, no display name, kept lower-case.</summary>
public static class EmailAddresses
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxLength = 254;

    public static bool IsValid(string? text) =>
        text is { Length: > 2 and <= MaxLength } && text.Trim() == text
        && MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox)
        && mailbox.Address == text && string.IsNullOrEmpty(mailbox.Name)
        && text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 1 && !text.Contains(' ', StringComparison.Ordinal);

    /// <summary>Providers report addresses in lower case; stored so, a bounce finds its row.</summary>
    public static string Normalize(string text) => text.ToLowerInvariant();
}
