using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Cors;

/// <summary>
/// The origins whose pages may call the API and the hub from a browser (<c>CORS_ALLOWED_ORIGINS</c>,
/// comma-separated). Unset: the web app served by the hub itself, on the same origin, is the only
/// browser client, and no answer carries CORS headers.
/// </summary>
public sealed class CrossOriginOptions : IValidatableObject
{
    [ConfigurationKeyName("CORS_ALLOWED_ORIGINS")]
    public string? AllowedOrigins { get; set; }

    /// <summary>The listed origins as a browser sends them in <c>Origin</c>: scheme, host and any port, lower case.</summary>
    public IReadOnlyList<string> Origins => Parse(AllowedOrigins).Select(entry => entry.Origin).OfType<string>().Distinct().ToArray();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Parse(AllowedOrigins)
            .Where(entry => entry.Origin is null)
            .Select(entry => new ValidationResult(
                $"CORS_ALLOWED_ORIGINS: '{entry.Text}' is not an origin; list each as scheme://host[:port] with http or https and no path, query or '*'.",
                [nameof(AllowedOrigins)]));

    private static IEnumerable<(string Text, string? Origin)> Parse(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(text => (text, OriginOf(text)));

    /// <summary>
    /// An origin only (one trailing slash tolerated): a path, query, fragment, user info or
    /// wildcard is refused rather than silently cut, since it would never match what a browser sends.
    /// </summary>
    private static string? OriginOf(string text)
    {
        if (text.Contains('*', StringComparison.Ordinal) ||
            !Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return null;
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
