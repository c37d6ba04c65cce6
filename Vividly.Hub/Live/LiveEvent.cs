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

/// <summary>A live event on its way to the other instances, named by the process that sent it.</summary>
public sealed record LiveEnvelope(string Origin, LiveEvent Event);
