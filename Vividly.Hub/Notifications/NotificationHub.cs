using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Health;
using Vividly.Hub.Inbox;
using ConnectionInfo = Vividly.Hub.Client.Contract.ConnectionInfo;

namespace Vividly.Hub.Notifications;

/// <summary>
/// The notification hub. Every connection joins its user's group and hears
/// <c>ConnectionEstablished</c> first; what it misses live it reads back with <see cref="Resume"/>.
/// </summary>
[Authorize]
public sealed partial class NotificationHub(
    IInboxStore store,
    InboxChanges inbox,
    NotificationPublisher publisher,
    ConnectionRegistry connections,
    InstanceIdentity instance,
    IOptions<RealtimeHubOptions> options,
    ServiceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<NotificationHub> logger) : Hub<INotificationClient>
{
    private string UserId => Context.UserIdentifier ?? throw new HubException("The token has no subject.");

    public override async Task OnConnectedAsync()
    {
        var userId = UserId;
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroups.For(userId), Context.ConnectionAborted);
        }
        catch (Exception ex)
        {
            metrics.SubscribeError();
            Log.SubscribeFailed(logger, userId, ex);
            throw;
        }
        connections.Add(Context.ConnectionId, userId);
        metrics.ConnectionEstablished();

        // Read after joining the group: anything published from here on arrives live or is in last_seq.
        var state = await store.GetStateAsync(userId, Context.ConnectionAborted);
        await Clients.Caller.ConnectionEstablished(new ConnectionInfo(
            Context.ConnectionId, userId, instance.Id, state.LastSeq, state.UnreadCount, timeProvider.GetUtcNow()));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        metrics.ConnectionClosed();
        return Task.CompletedTask;
    }

    /// <summary>The caller's notifications after <paramref name="afterSeq"/>, oldest first, one page at most.</summary>
    public Task<IReadOnlyList<Notification>> Resume(long afterSeq) =>
        store.ReadAfterAsync(UserId, Math.Max(0, afterSeq), options.Value.MaxBacklogMessages, Context.ConnectionAborted);

    public Task<int> MarkRead(IReadOnlyList<string> ids)
    {
        if (ids is null || ids.Count > InboxChanges.MaxIdsPerCall)
            throw new HubException($"ids must be a list of at most {InboxChanges.MaxIdsPerCall} notification ids.");
        return inbox.MarkReadAsync(UserId, ids, Context.ConnectionAborted);
    }

    public Task<int> MarkAllRead() => inbox.MarkAllReadAsync(UserId, Context.ConnectionAborted);

    [Authorize(Policy = AuthServiceCollectionExtensions.PublishPolicy)]
    public async Task<PublishResult> Publish(PublishRequest request)
    {
        var errors = PublishValidator.Validate(request, out var notification);
        if (notification is null)
        {
            metrics.PublishError();
            throw new HubException(string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
        }
        return await publisher.PublishAsync(notification, Context.ConnectionAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Connection of {UserId} could not join its group")]
        public static partial void SubscribeFailed(ILogger logger, string userId, Exception exception);
    }
}
