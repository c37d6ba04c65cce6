using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;
using Vividly.Hub.RateLimits;
using Vividly.Hub.Shared;
using ConnectionInfo = Vividly.Hub.Client.Contract.ConnectionInfo;

namespace Vividly.Hub.Notifications;

/// <summary>
/// The notification hub. Every connection is registered under its user and hears
/// <c>ConnectionEstablished</c> first; what it misses live it reads back with <see cref="ResumeFrom"/>.
/// </summary>
[Authorize]
public sealed partial class NotificationHub(
    IInboxStore store,
    InboxChanges inbox,
    NotificationPublisher publisher,
    PublishRateLimits publishLimits,
    ConnectionRegistry connections,
    IConnectionLimiter limiter,
    LiveDelivery delivery,
    IHubContext<NotificationHub, INotificationClient> hubContext,
    InstanceIdentity instance,
    NotificationSwitch notifications,
    IOptions<NotificationsOptions> options,
    IOptions<LiveOptions> live,
    ServiceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<NotificationHub> logger) : Hub<INotificationClient>
{
    private string UserId => Context.UserIdentifier ?? throw new HubException("The token has no subject.");

    /// <summary>
    /// Admission was decided at negotiate (<see cref="ConnectionGate"/>): from here on the
    /// connection is served, whatever fails. It is registered before anything that can fail, and
    /// nothing is thrown out of here: SignalR would then close it without letting the client
    /// reconnect, and never call <see cref="OnDisconnectedAsync"/> to give its slot back.
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        var userId = UserId;
        var connection = new LocalConnection(Context.ConnectionId, Context.GetHttpContext()?.Request.Query["id"].ToString(), userId,
            TokenExpiry(), new HubConnectionControl(Context), new ConnectionOutbox(live.Value.SendBufferMessages), timeProvider.GetUtcNow());
        connections.Add(connection);
        metrics.ConnectionEstablished();
        try
        {
            await limiter.ConfirmAsync(userId, Context.ConnectionId);
            // Read after registering: anything published from here on is in the outbox or in last_seq.
            var state = await store.GetStateAsync(userId, Context.ConnectionAborted);
            await Clients.Caller.ConnectionEstablished(new ConnectionInfo(
                Context.ConnectionId, userId, instance.Id, state.LastSeq, state.UnreadCount, timeProvider.GetUtcNow()));
            // Through the hub context, not Clients.Caller: the pump outlives this invocation.
            delivery.Start(connection, new MeasuredClient(hubContext.Clients.Client(Context.ConnectionId), metrics, timeProvider));
        }
        catch (Exception ex)
        {
            // A client that left while connecting needs nothing; any other gets to come back.
            if (!Context.ConnectionAborted.IsCancellationRequested)
            {
                metrics.ConnectionError(ConnectionErrorReasons.StartFailed);
                Log.StartFailed(logger, userId, ex);
            }
            Context.CloseAllowingReconnect();
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context.ConnectionId) is not { } connection) return;
        metrics.ConnectionClosed();
        await limiter.ReleaseAsync(connection.UserId, connection.ConnectionId);
    }

    /// <summary>The first contract's resume: the caller's notifications after <paramref name="afterSeq"/>, oldest first, one page at most.</summary>
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

    public Task<int> MarkUnread(string id) => inbox.MarkUnreadAsync(UserId, [WellFormed(id)], Context.ConnectionAborted);

    public Task<int> Archive(IReadOnlyList<string> ids) => inbox.ArchiveAsync(UserId, WellFormed(ids, InboxChanges.MaxIdsPerCall), Context.ConnectionAborted);

    public Task<int> Unarchive(IReadOnlyList<string> ids) => inbox.UnarchiveAsync(UserId, WellFormed(ids, InboxChanges.MaxIdsPerCall), Context.ConnectionAborted);

    public Task<int> ArchiveRead() => inbox.ArchiveReadAsync(UserId, Context.ConnectionAborted);

    /// <summary><paramref name="until"/> is RFC 3339 text, read here so that a bad one is refused by name.</summary>
    public Task<int> Snooze(string id, string until)
    {
        var checkedId = WellFormed(id);
        var time = SnoozeTimes.Parse(until, timeProvider.GetUtcNow(), out var error) ?? throw new HubException(error);
        return inbox.SnoozeAsync(UserId, [checkedId], time, Context.ConnectionAborted);
    }

    public Task<int> Unsnooze(string id) => inbox.UnsnoozeAsync(UserId, [WellFormed(id)], Context.ConnectionAborted);

    public Task<int> MarkSeen(IReadOnlyList<string> ids)
    {
        if (ids is null || ids.Count == 0 || ids.Count > InboxChanges.MaxSeenIdsPerCall)
            throw new HubException($"ids must be a list of 1 to {InboxChanges.MaxSeenIdsPerCall} notification ids.");
        return inbox.MarkSeenAsync(UserId, WellFormed(ids, InboxChanges.MaxSeenIdsPerCall), Context.ConnectionAborted);
    }

    /// <summary>A request the user has no notification of changes nothing.</summary>
    public async Task<int> MarkRequestRead(string content_request_id, bool archive)
    {
        if (!ContentRequestIds.IsValid(content_request_id))
            throw new HubException($"content_request_id must be 1 to {ContentRequestIds.MaxLength} characters, with no control characters.");
        var userId = UserId;
        return await inbox.MarkRequestReadAsync(userId, content_request_id, archive, Context.ConnectionAborted)
            ?? (await store.GetStateAsync(userId, Context.ConnectionAborted)).UnreadCount;
    }

    /// <summary>One notification id; one no hub could have given out is refused by name, as PostgreSQL would refuse some (a NUL).</summary>
    private static string WellFormed(string id) =>
        NotificationId.IsWellFormed(id) ? id : throw new HubException("id must be a notification id.");

    /// <summary>The ids that could be in an inbox; those that could not are in none, and are skipped like another user's.</summary>
    private static List<string> WellFormed(IReadOnlyList<string> ids, int max) =>
        ids is null || ids.Count > max
            ? throw new HubException($"ids must be a list of at most {max} notification ids.")
            : [.. ids.Where(NotificationId.IsWellFormed)];

    [Authorize(Policy = AuthServiceCollectionExtensions.PublishPolicy)]
    public async Task<PublishResult> Publish(JsonElement request)
    {
        if (!notifications.IsOn) throw new HubException("Notifications are switched off.");
        RateLimitRefusal.ThrowIfRefused(publishLimits.AcquireForPublisher(UserId));
        // Bound as raw JSON and read here, so a request the contract refuses is answered naming its field.
        if (PublishRequestReader.ReadValid(request, out var errors) is not { } notification)
        {
            metrics.PublishError();
            throw new HubException(string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
        }
        RateLimitRefusal.ThrowIfRefused(publishLimits.AcquireForUser(notification.UserId));
        return await publisher.PublishAsync(notification, Context.ConnectionAborted);
    }

    private DateTimeOffset? TokenExpiry() =>
        long.TryParse(Context.User?.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connection of {UserId} could not start; it is closed so that it reconnects")]
        public static partial void StartFailed(ILogger logger, string userId, Exception exception);
    }
}
