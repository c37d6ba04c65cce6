using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
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
    IConnectionLimiter limiter,
    InstanceIdentity instance,
    IOptions<RealtimeHubOptions> options,
    ServiceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<NotificationHub> logger) : Hub<INotificationClient>
{
    private const string OverLimit = "over-limit";

    private string UserId => Context.UserIdentifier ?? throw new HubException("The token has no subject.");

    public override async Task OnConnectedAsync()
    {
        var userId = UserId;
        // Negotiate already checked the limit; this closes the race of several connecting at once.
        if (!await limiter.TryAcquireAsync(userId, Context.ConnectionId))
        {
            Context.Items[OverLimit] = true;
            Context.Abort();
            return;
        }

        var joined = true;
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroups.For(userId), Context.ConnectionAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The backplane is away: the connection still hears this instance's sends and resumes the rest.
            joined = false;
            metrics.SubscribeError();
            Log.SubscribeFailed(logger, userId, ex);
        }
        connections.Add(new LocalConnection(Context.ConnectionId, Context.GetHttpContext()?.Request.Query["id"].ToString(), userId,
            TokenExpiry(), Context, joined, timeProvider.GetUtcNow()));
        metrics.ConnectionEstablished();

        // Read after joining the group: anything published from here on arrives live or is in last_seq.
        var state = await store.GetStateAsync(userId, Context.ConnectionAborted);
        await Clients.Caller.ConnectionEstablished(new ConnectionInfo(
            Context.ConnectionId, userId, instance.Id, state.LastSeq, state.UnreadCount, timeProvider.GetUtcNow()));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.ContainsKey(OverLimit)) return;
        connections.Remove(Context.ConnectionId);
        metrics.ConnectionClosed();
        await limiter.ReleaseAsync(UserId, Context.ConnectionId);
    }

    /// <summary>The caller's notifications after <paramref name="afterSeq"/>, oldest first, one page at most.</summary>
    public Task<IReadOnlyList<Notification>> Resume(long afterSeq) =>
        store.ReadAfterAsync(UserId, Math.Max(0, afterSeq), options.Value.MaxBacklogMessages, Context.ConnectionAborted);

    /// <summary>Like <see cref="Resume"/>, and says whether more follow and which seqs are gone for good.</summary>
    public async Task<ResumePage> ResumeFrom(long afterSeq)
    {
        var userId = UserId;
        // The state first: every seq up to its last_seq is then either in the page or removed.
        var state = await store.GetStateAsync(userId, Context.ConnectionAborted);
        var limit = options.Value.MaxBacklogMessages;
        var items = await store.ReadAfterAsync(userId, Math.Max(0, afterSeq), limit + 1, Context.ConnectionAborted);
        var hasMore = items.Count > limit;
        return new ResumePage(hasMore ? items.Take(limit).ToList() : items, hasMore, state.LastSeq, state.RemovedThroughSeq);
    }

    public Task<int> MarkRead(IReadOnlyList<string> ids)
    {
        if (ids is null || ids.Count > InboxChanges.MaxIdsPerCall)
            throw new HubException($"ids must be a list of at most {InboxChanges.MaxIdsPerCall} notification ids.");
        // An id no hub could have given out is in no inbox; PostgreSQL would refuse some (a NUL) outright.
        return inbox.MarkReadAsync(UserId, ids.Where(NotificationId.IsWellFormed).ToList(), Context.ConnectionAborted);
    }

    public Task<int> MarkAllRead() => inbox.MarkAllReadAsync(UserId, Context.ConnectionAborted);

    [Authorize(Policy = AuthServiceCollectionExtensions.PublishPolicy)]
    public async Task<PublishResult> Publish(JsonElement request)
    {
        if (!options.Value.EnableNotifications) throw new HubException("Notifications are switched off.");
        // Bound as raw JSON and read here, so a request the contract refuses is answered naming its field.
        if (PublishRequestReader.ReadValid(request, out var errors) is not { } notification)
        {
            metrics.PublishError();
            throw new HubException(string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
        }
        return await publisher.PublishAsync(notification, Context.ConnectionAborted);
    }

    private DateTimeOffset? TokenExpiry() =>
        long.TryParse(Context.User?.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connection of {UserId} could not join its group; it is served locally until it reconnects")]
        public static partial void SubscribeFailed(ILogger logger, string userId, Exception exception);
    }
}
