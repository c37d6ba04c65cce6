using Vividly.Hub.Channels;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Email.Digests;

/// <summary>Sends one digest email: the SMTP sender's <see cref="EmailSender.SendDigestAsync"/>.</summary>
public interface IDigestSender
{
    Task<SendOutcome> SendDigestAsync(string deliveryId, string userId, string cadence, IReadOnlyList<Notification> notifications, CancellationToken cancellationToken);
}
