using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Email;

/// <summary>
/// The email channel: <c>SMTP_URL</c> (unset: no email is sent), <c>EMAIL_FROM</c>,
/// <c>EMAIL_FROM_NAME</c>, <c>APP_URL</c>, <c>EMAIL_API_URL</c>, <c>EMAIL_WEBHOOK_SECRET</c> and
/// <c>EMAIL_LINK_ALLOWED_HOSTS</c>. Checked at start by <see cref="EmailOptionsValidator"/>.
/// </summary>
public sealed class EmailOptions
{
    /// <summary><c>smtp://</c> (STARTTLS when offered) or <c>smtps://</c> (TLS from the start), with optional <c>user:pass@</c>.</summary>
    [ConfigurationKeyName("SMTP_URL")]
    public string? SmtpUrl { get; set; }

    [ConfigurationKeyName("EMAIL_FROM")]
    public string? From { get; set; }

    [ConfigurationKeyName("EMAIL_FROM_NAME")]
    public string FromName { get; set; } = "Vividly";

    /// <summary>The web app's public base: "Watch now" and the other links to the app start here.</summary>
    [ConfigurationKeyName("APP_URL")]
    public string? AppUrl { get; set; }

    /// <summary>The hub's public base for the unsubscribe, open and click links; <c>APP_URL</c> when unset (the hub serves the web app).</summary>
    [ConfigurationKeyName("EMAIL_API_URL")]
    public string? ApiUrl { get; set; }

    /// <summary>The bearer secret the provider's event webhook sends; unset: the webhook is not served.</summary>
    [ConfigurationKeyName("EMAIL_WEBHOOK_SECRET")]
    public string? WebhookSecret { get; set; }

    /// <summary>Hosts besides <c>APP_URL</c>'s that a tracked link may lead to, comma-separated.</summary>
    [ConfigurationKeyName("EMAIL_LINK_ALLOWED_HOSTS")]
    public string? LinkAllowedHosts { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpUrl);

    public Uri AppBase => new(AppUrl!.TrimEnd('/') + "/");

    public Uri ApiBase => new((string.IsNullOrWhiteSpace(ApiUrl) ? AppUrl! : ApiUrl).TrimEnd('/') + "/");

    public IReadOnlyList<string> AllowedHosts =>
        (LinkAllowedHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
