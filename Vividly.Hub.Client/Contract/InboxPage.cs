namespace Vividly.Hub.Client.Contract;

/// <summary>
/// A page of one view of the inbox (<see cref="InboxViews"/>), newest first.
/// <see cref="UnreadCount"/> counts the inbox view's unread notifications, whatever the view.
/// </summary>
/// <param name="NextBeforeSeq">Pass as <c>before_seq</c> for the next page; null on the last.</param>
public sealed record InboxPage(IReadOnlyList<Notification> Items, int UnreadCount, long? NextBeforeSeq);
