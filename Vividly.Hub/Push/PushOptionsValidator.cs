using Microsoft.Extensions.Options;

namespace Vividly.Hub.Push;

/// <summary>Fails start on keys that are malformed or not a pair, or a contact a push service could not use.</summary>
public sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public const int MaxInactiveDays = 3650;

    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        List<string> failures = [];
        if (!string.IsNullOrWhiteSpace(options.AppUrl) && !IsHttpUrl(options.AppUrl))
            failures.Add("APP_URL must be an absolute http(s) URL.");
        if (options.InactiveDays is < 0 or > MaxInactiveDays)
            failures.Add($"PUSH_INACTIVE_DAYS must be 0 (off) to {MaxInactiveDays}.");
        if (!options.IsConfigured) return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        if (string.IsNullOrWhiteSpace(options.VapidPublicKey) || string.IsNullOrWhiteSpace(options.VapidPrivateKey))
        {
            failures.Add("Web Push needs both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (generate a pair with `dotnet run --project Vividly.Hub -- vapid-keys`).");
        }
        else
        {
            try
            {
                VapidKeys.Parse(options.VapidPublicKey, options.VapidPrivateKey).Dispose();
            }
            catch (FormatException ex)
            {
                failures.Add(ex.Message);
            }
        }
        if (!IsContact(options.VapidSubject))
            failures.Add("VAPID_SUBJECT must be a mailto: or https: URI where the push service can reach the operator.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsContact(string? subject) =>
        Uri.TryCreate(subject, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeMailto || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
