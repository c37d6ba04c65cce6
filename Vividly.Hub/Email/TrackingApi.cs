using Vividly.Hub.Channels;

namespace Vividly.Hub.Email;

/// <summary>
/// The open pixel and the click redirect. Both are signed over the delivery id (the click also
/// over its destination) and record through <see cref="IDeliveryEvents"/>; a click leads only to
/// the app's origin or a host <c>EMAIL_LINK_ALLOWED_HOSTS</c> names, so the hub is no open redirect.
/// </summary>
public static class TrackingApi
{
    public const string Opened = "opened";
    public const string Clicked = "clicked";

    /// <summary>The smallest transparent GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static RouteGroupBuilder MapTrackingApi(this RouteGroupBuilder email)
    {
        email.MapGet("/open/{token}.gif", OpenAsync).WithName("EmailOpened").ExcludeFromDescription();
        email.MapGet("/click", ClickAsync).WithName("EmailClicked").ExcludeFromDescription();
        return email;
    }

    private static async Task<IResult> OpenAsync(
        string token, HttpResponse response, EmailSignatures signatures, IDeliveryEvents events, TimeProvider time, CancellationToken cancellationToken)
    {
        var opened = signatures.Read(EmailSignatures.Open, token);
        if (opened.Value is not { } deliveryId)
            return opened.IsForged ? Problems.Forbidden("The pixel's signature does not match.") : Problems.BadRequest("token", "Not an open-pixel token.");
        await events.RecordAsync(deliveryId, Opened, time.GetUtcNow(), cancellationToken);
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(
        string? d, string? u, string? sig, EmailLinks links, IDeliveryEvents events, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(d)) return Problems.BadRequest("d", "The delivery id is required.");
        if (!links.IsAllowedDestination(u)) return Problems.BadRequest("u", "The destination is not one an email links to.");
        if (!links.IsClickSigned(d, u!, sig)) return Problems.Forbidden("The link's signature does not match.");
        await events.RecordAsync(d, Clicked, time.GetUtcNow(), cancellationToken);
        return TypedResults.Redirect(u!);
    }
}
