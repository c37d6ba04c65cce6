using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Email;

/// <summary>
/// The links an email carries: into the web app (<c>APP_URL</c>), and to the hub's unsubscribe,
/// open and click endpoints (<c>EMAIL_API_URL</c>), each signed over what it acts on.
/// </summary>
public sealed class EmailLinks(IOptions<EmailOptions> options, EmailSignatures signatures, EmailTracking tracking)
{
    public const string UnsubscribePath = "/api/v1/email/unsubscribe";
    public const string OpenPath = "/api/v1/email/open";
    public const string ClickPath = "/api/v1/email/click";

    private EmailOptions Options => options.Value;

    public string App => Options.AppBase.AbsoluteUri;

    /// <summary>Where "Watch now" leads for a finished video: the app's player for the payload's <c>content_id</c>.</summary>
    public string? Watch(Notification notification) =>
        notification.Type == NotificationTypes.GenerationCompleted
        && notification.Payload?["content_id"] is JsonValue id && id.TryGetValue(out string? contentId) && contentId.Length > 0
            ? new Uri(Options.AppBase, $"video/{Uri.EscapeDataString(contentId)}").AbsoluteUri
            : null;

    public string Unsubscribe(string userId) =>
        Api($"{UnsubscribePath}?token={signatures.Token(EmailSignatures.Unsubscribe, userId)}");

    /// <summary>The open pixel's address, or null while no one records opens.</summary>
    public string? OpenPixel(string deliveryId) =>
        tracking.Enabled ? Api($"{OpenPath}/{signatures.Token(EmailSignatures.Open, deliveryId)}.gif") : null;

    /// <summary><paramref name="destination"/> through the click redirect, or as it is while no one records clicks.</summary>
    public string Tracked(string deliveryId, string destination) =>
        tracking.Enabled
            ? Api($"{ClickPath}?d={Uri.EscapeDataString(deliveryId)}&u={Uri.EscapeDataString(destination)}&sig={ClickSignature(deliveryId, destination)}")
            : destination;

    public string ClickSignature(string deliveryId, string destination) => signatures.Sign(EmailSignatures.Click, $"{deliveryId}\n{destination}");

    public bool IsClickSigned(string deliveryId, string destination, string? signature) =>
        signatures.Verify(EmailSignatures.Click, $"{deliveryId}\n{destination}", signature);

    /// <summary>A click may only lead to the app's origin or a host <c>EMAIL_LINK_ALLOWED_HOSTS</c> names, over https (or the app's own scheme).</summary>
    public bool IsAllowedDestination(string? destination)
    {
        if (!Uri.TryCreate(destination, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo)) return false;
        var app = Options.AppBase;
        if (uri.Scheme == app.Scheme && uri.Authority.Equals(app.Authority, StringComparison.OrdinalIgnoreCase)) return true;
        return uri.Scheme == Uri.UriSchemeHttps && Options.AllowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
    }

    private string Api(string pathAndQuery) => new Uri(Options.ApiBase, pathAndQuery.TrimStart('/')).AbsoluteUri;
}

/// <summary>Whether opens and clicks are recorded: only when something records delivery events.</summary>
public sealed record EmailTracking(bool Enabled);
