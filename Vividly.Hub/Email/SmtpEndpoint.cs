using MailKit.Security;

namespace Vividly.Hub.Email;

/// <summary>Where mail is handed over, read from <c>SMTP_URL</c>.</summary>
public sealed record SmtpEndpoint(string Host, int Port, SecureSocketOptions Security, string? User, string? Password)
{
    /// <summary>The endpoint, or null with <paramref name="error"/> saying what is wrong with the URL.</summary>
    public static SmtpEndpoint? Parse(string url, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "SMTP_URL must be an absolute URL such as smtps://user:pass@host:465.";
            return null;
        }
        // smtp: submission (587) upgraded with STARTTLS when the server offers it; smtps: TLS from the first byte (465).
        (SecureSocketOptions security, int port)? scheme = uri.Scheme switch
        {
            "smtp" => (SecureSocketOptions.StartTlsWhenAvailable, 587),
            "smtps" => (SecureSocketOptions.SslOnConnect, 465),
            _ => null,
        };
        if (scheme is not { } known)
        {
            error = "SMTP_URL must start with smtp:// or smtps://.";
            return null;
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }
        return new SmtpEndpoint(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? known.port : uri.Port, known.security, user, password);
    }
}
