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
    public const string MarkUnread = nameof(MarkUnread);
    public const string Archive = nameof(Archive);
    public const string Unarchive = nameof(Unarchive);

    /// <summary>Archives every read notification of the inbox view.</summary>
    public const string ArchiveRead = nameof(ArchiveRead);
    public const string Snooze = nameof(Snooze);
    public const string Unsnooze = nameof(Unsnooze);
    public const string MarkSeen = nameof(MarkSeen);

    /// <summary>Marks every notification of one content request read, and archives them when asked.</summary>
    public const string MarkRequestRead = nameof(MarkRequestRead);
    public const string Publish = nameof(Publish);

    public const string ConnectionEstablished = nameof(INotificationClient.ConnectionEstablished);
    public const string Notification = nameof(INotificationClient.Notification);
    public const string InboxChanged = nameof(INotificationClient.InboxChanged);
    public const string ResumeRequested = nameof(INotificationClient.ResumeRequested);
}
