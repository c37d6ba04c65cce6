namespace Vividly.Hub.Client.Contract;

/// <summary>Names and paths shared by the hub and its clients.</summary>
public static class HubMethods
{
    public const string HubPath = "/api/v1/notifications/hub";

    public const string Resume = nameof(Resume);
    public const string MarkRead = nameof(MarkRead);
    public const string MarkAllRead = nameof(MarkAllRead);
    public const string Publish = nameof(Publish);

    public const string ConnectionEstablished = nameof(INotificationClient.ConnectionEstablished);
    public const string Notification = nameof(INotificationClient.Notification);
    public const string InboxChanged = nameof(INotificationClient.InboxChanged);
    public const string ResumeRequested = nameof(INotificationClient.ResumeRequested);
}
