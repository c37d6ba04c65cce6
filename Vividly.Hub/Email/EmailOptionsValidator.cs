using Microsoft.Extensions.Options;

namespace Vividly.Hub.Email;

/// <summary>Refuses to start with email settings that would send broken mail or none.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.WebhookSecret) && options.WebhookSecret.Length < 16)
            failures.Add("EMAIL_WEBHOOK_SECRET must be at least 16 characters.");
        if (options.Enabled)
        {
            if (SmtpEndpoint.Parse(options.SmtpUrl!, out var error) is null) failures.Add(error!);
            if (!EmailAddresses.IsValid(options.From)) failures.Add("EMAIL_FROM must be an email address when SMTP_URL is set.");
            if (!IsHttpBase(options.AppUrl)) failures.Add("APP_URL must be an absolute http(s) URL when SMTP_URL is set.");
            if (!string.IsNullOrWhiteSpace(options.ApiUrl) && !IsHttpBase(options.ApiUrl))
                failures.Add("EMAIL_API_URL must be an absolute http(s) URL.");
        }
        if (options.AllowedHosts.Any(host => Uri.CheckHostName(host) == UriHostNameType.Unknown))
            failures.Add("EMAIL_LINK_ALLOWED_HOSTS must be host names separated by commas.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpBase(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
