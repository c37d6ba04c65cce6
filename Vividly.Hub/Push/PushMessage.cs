using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Push;

/// <summary>One message for one subscription, with the headers a push service acts on (RFC 8030 section 5).</summary>
/// <param name="Ttl">How long the push service keeps it for a browser that is offline.</param>
/// <param name="Urgency">very-low, low, normal or high: browsers on battery deliver the lower ones later.</param>
/// <param name="Topic">A queued message with the same topic is replaced by this one.</param>
public sealed record PushMessage(PushPayload Payload, TimeSpan Ttl, string Urgency, string? Topic)
{
    /// <summary>A day: a notification older than that is in the inbox, and no longer news.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(1);

    private const int TopicHashBytes = 24;

    public static PushMessage For(Notification notification, string? appUrl) =>
        new(PushPayload.From(notification, appUrl), DefaultTtl, UrgencyOf(notification.Priority),
            PushPayload.RequestIdOf(notification) is { } requestId ? TopicFor(requestId) : null);

    /// <summary>RFC 8030 has no level above high, so urgent is high too.</summary>
    public static string UrgencyOf(string priority) => priority switch
    {
        NotificationPriorities.Low => "low",
        NotificationPriorities.High or NotificationPriorities.Urgent => "high",
        _ => "normal",
    };

    /// <summary>
    /// A topic is at most 32 base64url characters; a request id may be longer or hold other
    /// characters, so the topic is 24 bytes of its SHA-256: 32 characters, the same for every update of it.
    /// </summary>
    public static string TopicFor(string contentRequestId) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(contentRequestId)).AsSpan(0, TopicHashBytes));
}
