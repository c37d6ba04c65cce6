using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Email;

/// <summary>
/// The email channel: finds the user's address, renders the notification (or a digest) and hands
/// it to SMTP. What to send and when is the dispatcher's; this only sends.
/// </summary>
public sealed class EmailSender(UserEmailStore addresses, EmailTemplates templates, EmailLinks links, EmailComposer composer, SmtpTransport transport)
    : IChannelSender
{
    public string Channel => NotificationChannels.Email;

    public async Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        var notification = message.Notification;
        var address = await addresses.GetAsync(notification.UserId, cancellationToken);
        if (Unreachable(address) is { } unreachable) return unreachable;
        var email = await templates.RenderInstantAsync(notification, message.DeliveryId, links);
        return await SendAsync(message.DeliveryId, notification.UserId, address!.Email, email, cancellationToken);
    }

    /// <summary>
    /// One email summarising <paramref name="notifications"/> for <paramref name="userId"/>, sent as
    /// delivery <paramref name="deliveryId"/>: the digest job's send.
    /// </summary>
    public async Task<SendOutcome> SendDigestAsync(
        string deliveryId, string userId, string cadence, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        var address = await addresses.GetAsync(userId, cancellationToken);
        if (Unreachable(address) is { } unreachable) return unreachable;
        var email = await templates.RenderDigestAsync(userId, cadence, notifications, deliveryId, links);
        return await SendAsync(deliveryId, userId, address!.Email, email, cancellationToken);
    }

    private Task<SendOutcome> SendAsync(string deliveryId, string userId, string to, RenderedEmail email, CancellationToken cancellationToken)
    {
        var mime = composer.Compose(deliveryId, to, email, links.Unsubscribe(userId));
        return transport.SendAsync(deliveryId, mime, cancellationToken);
    }

    /// <summary>No address, or one the provider reported bounced or marked as spam: nothing is sent.</summary>
    private static SendOutcome.Unreachable? Unreachable(UserEmail? address) => address switch
    {
        null => new SendOutcome.Unreachable("no email address"),
        { SuppressedAt: not null } => new SendOutcome.Unreachable($"address suppressed: {address.SuppressedReason}"),
        _ => null,
    };
}
