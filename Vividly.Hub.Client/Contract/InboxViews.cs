namespace Vividly.Hub.Client.Contract;

/// <summary>The inbox's views, as <c>GET /api/v1/notifications?view=</c> names them.</summary>
public static class InboxViews
{
    /// <summary>Neither archived nor snoozed: what the inbox shows, and what <c>unread_count</c> counts.</summary>
    public const string Inbox = "inbox";

    /// <summary>The inbox view's unread notifications.</summary>
    public const string Unread = "unread";

    /// <summary>Archived, whatever else.</summary>
    public const string Archived = "archived";

    /// <summary>Snoozed and not archived.</summary>
    public const string Snoozed = "snoozed";

    public static IReadOnlyList<string> All { get; } = [Inbox, Unread, Archived, Snoozed];
}
