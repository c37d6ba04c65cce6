using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Vividly.Hub.Email;

/// <summary>
/// A rendered email as a MIME message: text and HTML alternatives, the delivery id in
/// <c>Message-ID</c> and in the provider's custom arguments, and one-click unsubscribe (RFC 8058).
/// </summary>
public sealed class EmailComposer(IOptions<EmailOptions> options)
{
    /// <summary>SendGrid's SMTP relay reads its custom arguments from this header and returns them in every webhook event.</summary>
    public const string ProviderArgumentsHeader = "X-SMTPAPI";

    public MimeMessage Compose(string deliveryId, string to, RenderedEmail email, string unsubscribeUrl)
    {
        var message = new MimeMessage
        {
            // The same id on every attempt, so a resent message is recognised as the one already sent.
            MessageId = $"{deliveryId}@vividly",
            Subject = email.Subject,
            Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(options.Value.FromName, options.Value.From!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add(ProviderArgumentsHeader, JsonSerializer.Serialize(new { unique_args = new { delivery_id = deliveryId } }));
        return message;
    }
}
