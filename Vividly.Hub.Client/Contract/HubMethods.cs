namespace Vividly.Hub.Client.Contract;

/// <summary>Names and paths shared by the hub and its clients.</summary>
public static class HubMethods
{
    public const string HubPath = "/api/v1/notifications/hub";

    /// <summary>The first contract's resume: answers only the notifications.</summary>
    public const string Resume = nameof(Resume);

    /// <summary>Answers a <see cref="ResumePage"/>: the notifications and what became of the rest.</summary>
    public const string ResumeFrom = nameof(ResumeFrom);
    public const string MarkRead = nameof(MarkRead);
    public const string MarkAllRead = nameof(MarkAllRead);
    public const string Publish = nameof(Publish);

    public const string ConnectionEstablished = nameof(INotificationClient.ConnectionEstablished);
    public const string Notification = nameof(INotificationClient.Notification);
    public const string InboxChanged = nameof(INotificationClient.InboxChanged);
    public const string ResumeRequested = nameof(INotificationClient.ResumeRequested);
}
