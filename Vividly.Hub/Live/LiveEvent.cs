using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Live;

/// <summary>One message for every connection of a user; exactly one of its parts is set.</summary>
public sealed record LiveEvent(string UserId, Notification? Notification = null, InboxChange? InboxChange = null, ResumeRequest? ResumeRequest = null)
{
    public Task SendToAsync(INotificationClient client) =>
        Notification is not null ? client.Notification(Notification)
        : InboxChange is not null ? client.InboxChanged(InboxChange)
        : client.ResumeRequested(ResumeRequest ?? throw new InvalidOperationException("A live event carries one message."));
}

/// <summary>A live event on its way to every instance, named by the process that sent it.</summary>
/// <param name="DeliveredAtOrigin">The sending process handed it to its own connections already.</param>
/// <param name="Everyone">A resume request for every connection of every instance, whoever the user.</param>
public sealed record LiveEnvelope(string Origin, LiveEvent Event, bool DeliveredAtOrigin, bool Everyone = false);
