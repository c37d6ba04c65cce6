using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;
using Vividly.Hub.Notifications;
using Vividly.Hub.Shared;

namespace Vividly.Hub.EventStream;

/// <summary>
/// Serves one plain SSE stream from admission to its last event. It is admitted as the hub's
/// connections are (switch, drain, store, <c>MAX_CONNECTIONS_PER_USER</c> counted with them),
/// registered with live delivery before it reads the inbox, so nothing published meanwhile
/// falls between the two (the outbox holds it, <see cref="PlainStream"/> drops the seqs already
/// written), then replays what the client's <c>Last-Event-ID</c> asks for and goes live.
/// </summary>
public sealed partial class StreamHost(
    IInboxStore store,
    ConnectionRegistry connections,
    IConnectionLimiter limiter,
    LiveDelivery delivery,
    IStreamTickets tickets,
    InstanceIdentity instance,
    ConnectionAdmission admission,
    IOptions<NotificationsOptions> options,
    IOptions<ConnectionsOptions> connectionOptions,
    IOptions<LiveOptions> live,
    ServiceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<StreamHost> logger)
{
    public const string LastEventIdHeader = "Last-Event-ID";
    public const string LastEventIdQuery = "last_event_id";
    public const string TicketQuery = "ticket";

    /// <summary>How long a closing stream's last event may wait behind a write that does not complete.</summary>
    public static readonly TimeSpan LastEventWait = TimeSpan.FromSeconds(1);

    /// <summary>The retry hint's range: clients a drain closes together come back spread out.</summary>
    public const int MinRetryMs = 1000, MaxRetryMs = 3000;

    /// <summary>
    /// Keep-alives every <c>SSE_HEARTBEAT_INTERVAL</c>, and at least twice per
    /// <c>SSE_CONNECTION_TIMEOUT</c>: a stream's client cannot speak, so a stream counts as heard
    /// from each time one of its writes completes, and a reader that takes nothing goes silent.
    /// </summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(Math.Min(options.Value.HeartbeatIntervalSeconds, connectionOptions.Value.TimeoutSeconds / 2.0));

    public async Task RunAsync(HttpContext http, string? pathUserId)
    {
        var (holder, refusal) = await IdentifyAsync(http);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(http);
            return;
        }
        var userId = holder!.UserId;
        if (pathUserId is not null && !string.Equals(pathUserId, userId, StringComparison.Ordinal))
        {
            await Problems.Forbidden("A stream is open to its own user only.").ExecuteAsync(http);
            return;
        }
        if (!TryReadLastEventId(http.Request, out var lastEventId, out var field))
        {
            await Problems.BadRequest(field, $"{field} must be a whole number, 0 or more.").ExecuteAsync(http);
            return;
        }
        if (await admission.AdmitAsync(http.Response, userId) is { } refused)
        {
            await refused.ExecuteAsync(http);
            return;
        }
        await ServeAsync(http, holder, lastEventId);
    }

    private async Task ServeAsync(HttpContext http, TicketHolder holder, long? lastEventId)
    {
        var aborted = http.RequestAborted;
        var connectionId = $"sse-{Guid.NewGuid():N}";
        LocalConnection? connection = null;
        using var writer = new SseWriter(http.Response.Body, () => connection!.LastHeard = timeProvider.GetUtcNow());
        using var stream = new PlainStream(writer, store, holder.UserId, options.Value.MaxBacklogMessages, aborted);
        connection = new LocalConnection(connectionId, ConnectionToken: null, holder.UserId, holder.TokenExpires, stream,
            new ConnectionOutbox(live.Value.SendBufferMessages), timeProvider.GetUtcNow());
        // Registered before the inbox is read: from here on every live message waits in the outbox.
        connections.Add(connection);
        metrics.ConnectionEstablished();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(aborted, stream.Closing);
        try
        {
            await limiter.ConfirmAsync(holder.UserId, connectionId);
            InboxState state;
            try
            {
                state = await store.GetStateAsync(holder.UserId, aborted);
            }
            catch (StoreUnavailableException ex)
            {
                http.Response.Headers.RetryAfter = ex.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Unavailable(StoreUnavailableAnswer.Detail(ex)).ExecuteAsync(http);
                return;
            }

            StartEventStream(http);
            var resuming = lastEventId is { } after && after <= state.LastSeq;
            stream.StartAfter(resuming ? lastEventId!.Value : state.LastSeq);
            var established = new StreamEstablished(connectionId, holder.UserId, instance.Id, state.LastSeq, state.UnreadCount,
                "Connected to notification service", timeProvider.GetUtcNow());
            // Without a resume point the client's is the newest seq, so its EventSource resumes from there.
            await writer.WriteAsync(StreamEvents.ConnectionEstablished, established, resuming ? null : state.LastSeq, ending.Token,
                retryMs: Random.Shared.Next(MinRetryMs, MaxRetryMs + 1));
            if (resuming) await ReplayAsync(stream, writer, state, ending.Token);

            delivery.Start(connection, new MeasuredClient(stream, metrics, timeProvider));
            using var heartbeat = new PeriodicTimer(HeartbeatInterval, timeProvider);
            while (await heartbeat.WaitForNextTickAsync(ending.Token))
                await writer.WriteAsync(StreamEvents.Heartbeat, new StreamHeartbeat(timeProvider.GetUtcNow()), id: null, ending.Token);
        }
        catch (Exception ex) when (ending.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // Closed by the server or left by the client: the last event follows.
        }
        finally
        {
            await EndAsync(http, writer, stream, connectionId);
            connections.Remove(connectionId);
            metrics.ConnectionClosed();
            await limiter.ReleaseAsync(holder.UserId, connectionId);
        }
    }

    /// <summary>Every kept seq after the client's, oldest first, a page at a time; removed ones are named, never skipped silently.</summary>
    private async Task ReplayAsync(PlainStream stream, SseWriter writer, InboxState state, CancellationToken cancellationToken)
    {
        var after = stream.LastSeq;
        if (state.RemovedThroughSeq > after)
        {
            await writer.WriteAsync(StreamEvents.HistoryRemoved, new RemovedHistory(after, state.RemovedThroughSeq), state.RemovedThroughSeq, cancellationToken);
            stream.StartAfter(state.RemovedThroughSeq);
        }
        try
        {
            await stream.CatchUpAsync(through: null, cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            // Live from where the replay stopped: the next notification's gap, or the resume
            // request the store's return brings, reads the rest.
            Log.ReplayStopped(logger, stream.LastSeq, ex.Message);
        }
    }

    private async Task EndAsync(HttpContext http, SseWriter writer, PlainStream stream, string connectionId)
    {
        if (http.RequestAborted.IsCancellationRequested || stream.Reason is not { } reason || !http.Response.HasStarted)
        {
            await writer.EndQuietlyAsync();
            return;
        }
        var (name, message) = Describe(reason);
        Log.Closing(logger, connectionId, name);
        // A reader too slow to take even the last event loses the socket instead: an EventSource
        // treats a dropped connection like an ended one and reconnects with Last-Event-ID, so
        // nothing is lost. This is a plain HTTP response, not SignalR's Abort, which forbids reconnecting.
        if (!await writer.EndAsync(StreamEvents.Reconnect, new StreamReconnect(name, message, timeProvider.GetUtcNow()), LastEventWait))
            http.Abort();
    }

    private static (string Name, string Message) Describe(CloseReason reason) => reason switch
    {
        CloseReason.TokenExpired => ("token_expired", "Your token expired: reconnect with a fresh token or ticket and Last-Event-ID."),
        CloseReason.ShuttingDown => ("shutting_down", "This instance is shutting down: reconnect with Last-Event-ID."),
        CloseReason.SlowReader => ("slow_reader", "Too many events waited for this stream: reconnect with Last-Event-ID."),
        _ => ("silent", "This stream took no events for too long: reconnect with Last-Event-ID."),
    };

    private static void StartEventStream(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>The bearer token (header, or <c>access_token</c> moved there by <see cref="QueryTokenMiddleware"/>), else a ticket.</summary>
    private async Task<(TicketHolder? Holder, IResult? Refusal)> IdentifyAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.User.UserId() is { } userId)
            return (new TicketHolder(userId, TokenExpiry(http)), null);
        var ticket = http.Request.Query[TicketQuery].ToString();
        if (ticket.Length == 0) return (null, Unauthorized(http, "A bearer token, access_token or ticket is required."));
        if (!TicketText.IsWellFormed(ticket)) return (null, Unauthorized(http, "ticket is unknown, used or lapsed."));
        try
        {
            return await tickets.RedeemAsync(ticket) is { } holder ? (holder, null) : (null, Unauthorized(http, "ticket is unknown, used or lapsed."));
        }
        catch (Redis.RedisUnavailableException ex)
        {
            Log.TicketsUnavailable(logger, ex.Message);
            http.Response.Headers.RetryAfter = "1";
            return (null, Problems.Unavailable("Stream tickets cannot be read now; ask for a new one."));
        }
    }

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized(detail);
    }

    /// <summary>The header an EventSource sends on its reconnects wins over the query it was first opened with.</summary>
    private static bool TryReadLastEventId(HttpRequest request, out long? value, out string field)
    {
        value = null;
        field = LastEventIdHeader;
        var raw = request.Headers[LastEventIdHeader].ToString();
        if (raw.Length == 0)
        {
            field = LastEventIdQuery;
            raw = request.Query[LastEventIdQuery].ToString();
        }
        if (raw.Length == 0) return true;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        value = parsed;
        return true;
    }

    private static DateTimeOffset? TokenExpiry(HttpContext http) =>
        long.TryParse(http.User.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Closing stream {ConnectionId}: {Reason}")]
        public static partial void Closing(ILogger logger, string connectionId, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Stream replay stopped after seq {Seq}; it goes on live and reads the rest later: {Reason}")]
        public static partial void ReplayStopped(ILogger logger, long seq, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Stream tickets are unavailable: {Reason}")]
        public static partial void TicketsUnavailable(ILogger logger, string reason);
    }
}
