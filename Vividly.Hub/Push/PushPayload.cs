using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Push;

/// <summary>
/// What the service worker reads from a push message (docs/contract.md): enough to show the
/// notification and open its link without asking the hub.
/// </summary>
/// <param name="Url">The page a click opens.</param>
/// <param name="Tag">Notifications with one tag replace each other in the tray: a request's updates share one.</param>
public sealed record PushPayload(string Id, string Type, string Title, string Body, string Url, string Tag, string Priority)
{
    /// <param name="appUrl">The web app's origin (<c>APP_URL</c>); without it the link is a path.</param>
    public static PushPayload From(Notification notification, string? appUrl)
    {
        var requestId = RequestIdOf(notification);
        return new PushPayload(notification.Id, notification.Type, notification.Title, notification.Message,
            LinkFor(notification.Payload, appUrl), requestId ?? notification.Id, notification.Priority);
    }

    public static string? RequestIdOf(Notification notification) =>
        notification.Payload?["content_request_id"] is JsonValue value && value.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>
    /// The JSON sent, cut to one record: a long body is shortened (whole characters, with an
    /// ellipsis) rather than the message refused.
    /// </summary>
    public byte[] ToUtf8Json()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, ContractJson.Options);
        var body = Body;
        while (json.Length > WebPushEncryption.MaxPlaintextBytes && body.Length > 0)
        {
            // In proportion to the bytes over, strictly shorter each time, never splitting a surrogate pair.
            var keep = Math.Min(body.Length - 1, (int)((long)body.Length * WebPushEncryption.MaxPlaintextBytes / json.Length));
            if (keep > 0 && char.IsHighSurrogate(body[keep - 1])) keep--;
            body = body[..keep];
            json = JsonSerializer.SerializeToUtf8Bytes(this with { Body = body + "…" }, ContractJson.Options);
        }
        return json;
    }

    private static string LinkFor(JsonObject? payload, string? appUrl)
    {
        // A finished video opens on its page; anything else on the notification center.
        var path = payload?["content_id"] is JsonValue value && value.TryGetValue<string>(out var contentId) && contentId.Length > 0
            ? $"/video/{Uri.EscapeDataString(contentId)}"
            : "/notifications";
        return string.IsNullOrWhiteSpace(appUrl) ? path : appUrl.TrimEnd('/') + path;
    }
}
