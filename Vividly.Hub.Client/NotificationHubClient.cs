using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Vividly.Hub.Client.Connection;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Client.Inbox;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Hub.Client;

/// <summary>
/// A typed client of the notification hub over Server-Sent Events. It reconnects for as long as
/// it lives, resumes from the last seq it holds after every (re)connect, on a seq that skips one
/// and when the server asks, and raises each notification once.
/// </summary>
public sealed partial class NotificationHubClient : INotificationPublisher, IAsyncDisposable
{
    private readonly NotificationHubClientOptions _options;
    private readonly ILogger _logger;
    private readonly HubConnection _connection;
    private readonly ResiliencePipeline _publishPipeline;
    private readonly TimeProvider _timeProvider;
    private readonly SeqTracker _seqs;
    private readonly Channel<string> _resumeSignals = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConnectionReady _ready = new();
    private readonly Lazy<PublishBatchSender> _batches;
    private readonly Lazy<InboxReader> _inbox;
    private Task? _resumeLoop;
    private volatile bool _stopped;

    public NotificationHubClient(NotificationHubClientOptions options, ILogger<NotificationHubClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options.HubUrl);
        ArgumentNullException.ThrowIfNull(options.AccessTokenProvider);
        _options = options;
        _logger = logger ?? NullLogger<NotificationHubClient>.Instance;
        _seqs = new SeqTracker(options.ResumeAfterSeq);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _publishPipeline = PublishPipeline.Create(options, _timeProvider);
        _connection = BuildConnection(options);
        // Made on first use: most clients are devices that never publish.
        _batches = new Lazy<PublishBatchSender>(() => PublishBatchSender.Create(options));
        _inbox = new Lazy<InboxReader>(() => InboxReader.Create(options));
        RegisterHandlers();
    }

    /// <summary>A notification not seen before, live or resumed.</summary>
    public event Action<Notification>? NotificationReceived;

    public event Action<InboxChange>? InboxChanged;

    /// <summary>Raised on every (re)connect with what the server said first.</summary>
    public event Action<ConnectionInfo>? Connected;

    public event Action<HubConnectionState>? StateChanged;

    /// <summary>A resume started below seqs the inbox no longer keeps (cleared, or past retention).</summary>
    public event Action<RemovedHistory>? HistoryRemoved;

    public HubConnectionState State => _connection.State;

    public string? ConnectionId => _connection.ConnectionId;

    /// <summary>Every seq up to this one has been raised or is gone from the inbox.</summary>
    public long LastSeq => _seqs.Watermark;

    /// <summary>Connects, retrying until connected or <paramref name="cancellationToken"/> fires.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _stopped = false;
        _resumeLoop ??= Task.Run(ResumeLoopAsync, CancellationToken.None);
        var policy = new ForeverRetryPolicy(_options.ReconnectFirstDelay, _options.ReconnectMaxDelay);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _connection.StartAsync(cancellationToken);
                _ready.Up();
                StateChanged?.Invoke(_connection.State);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ObjectDisposedException)
            {
                Log.ConnectFailed(_logger, attempt, ex.Message);
                var delay = policy.NextRetryDelay(new RetryContext { PreviousRetryCount = attempt + 1, RetryReason = ex }) ?? _options.ReconnectMaxDelay;
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopped = true;
        return _connection.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes through the hub (the <c>notifications.publish</c> role), retried across
    /// reconnects: each attempt first waits up to <see cref="NotificationHubClientOptions.PublishConnectionWait"/>
    /// for the connection to be up.
    /// </summary>
    public ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default) =>
        _publishPipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                var client = state.Client;
                if (!await client._ready.WaitAsync(client._options.PublishConnectionWait, client._timeProvider, ct))
                    throw new InvalidOperationException("The connection is not active.");
                return await client._connection.InvokeAsync<PublishResult>(HubMethods.Publish, state.Request, ct);
            },
            (Client: this, Request: request),
            cancellationToken);

    /// <summary>
    /// Publishes several requests over HTTP (<c>POST /api/v1/notifications/publish/batch</c>, the
    /// <c>notifications.publish</c> role), needing no live connection. A request without an
    /// idempotency key is given one before the first attempt, so the batch is retried whole (on
    /// transport failures, timeouts, 429 and 503, after the hub's retry-after) without storing
    /// anything twice. What failed on its own is answered in its <see cref="PublishBatchOutcome.Failed"/>,
    /// not retried.
    /// </summary>
    public async ValueTask<IReadOnlyList<PublishBatchOutcome>> PublishBatchAsync(IReadOnlyList<PublishRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(requests.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requests.Count, PublishBatchRequest.MaxRequests);
        var keyed = PublishBatchSender.WithKeys(requests);
        var result = await _publishPipeline.ExecuteAsync(
            static (state, ct) => state.Sender.SendAsync(state.Requests, ct), (Sender: _batches.Value, Requests: keyed), cancellationToken);
        return PublishBatchSender.Outcomes(keyed, result);
    }

    public Task<int> MarkReadAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.MarkRead, ids, cancellationToken);

    public Task<int> MarkAllReadAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.MarkAllRead, cancellationToken);

    // The inbox actions below answer the inbox view's unread count; the user's other devices hear InboxChanged.

    public Task<int> MarkUnreadAsync(string id, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.MarkUnread, id, cancellationToken);

    public Task<int> ArchiveAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.Archive, ids, cancellationToken);

    public Task<int> UnarchiveAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.Unarchive, ids, cancellationToken);

    /// <summary>Archives every read notification of the inbox view.</summary>
    public Task<int> ArchiveReadAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.ArchiveRead, cancellationToken);

    /// <summary><paramref name="until"/> is 1 minute to 30 days ahead of the hub's clock; it is sent as RFC 3339.</summary>
    public Task<int> SnoozeAsync(string id, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.Snooze, id, until, cancellationToken);

    public Task<int> UnsnoozeAsync(string id, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.Unsnooze, id, cancellationToken);

    /// <summary>1 to 100 ids; those that are not the user's are ignored.</summary>
    public Task<int> MarkSeenAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.MarkSeen, ids, cancellationToken);

    /// <summary>Marks every notification of the content request read, and archives them when <paramref name="archive"/>.</summary>
    public Task<int> MarkRequestReadAsync(string contentRequestId, bool archive = false, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<int>(HubMethods.MarkRequestRead, contentRequestId, archive, cancellationToken);

    /// <summary>A page of one view of the inbox (<see cref="InboxViews"/>), newest first, over HTTP: it needs no live connection.</summary>
    /// <param name="beforeSeq">The previous page's <see cref="InboxPage.NextBeforeSeq"/>.</param>
    public Task<InboxPage> ListAsync(string view = InboxViews.Inbox, long? beforeSeq = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _inbox.Value.ListAsync(view, beforeSeq, limit, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        _resumeSignals.Writer.TryComplete();
        await _connection.DisposeAsync();
        if (_batches.IsValueCreated) _batches.Value.Dispose();
        if (_inbox.IsValueCreated) _inbox.Value.Dispose();
        if (_resumeLoop is not null) await _resumeLoop;
        _lifetime.Dispose();
    }

    private HubConnection BuildConnection(NotificationHubClientOptions options)
    {
        var url = new Uri(options.HubUrl!, HubMethods.HubPath);
        return new HubConnectionBuilder()
            .WithUrl(url, HttpTransportType.ServerSentEvents, http =>
            {
                http.AccessTokenProvider = async () => await options.AccessTokenProvider!(_lifetime.Token);
                if (options.HttpMessageHandlerFactory is { } factory) http.HttpMessageHandlerFactory = factory;
            })
            // One shared options instance: each connection reuses its serialization metadata.
            .AddJsonProtocol(json => json.PayloadSerializerOptions = ContractJson.Options)
            .WithAutomaticReconnect(new ForeverRetryPolicy(options.ReconnectFirstDelay, options.ReconnectMaxDelay))
            .WithServerTimeout(options.ServerTimeout)
            .Build();
    }

    private void RegisterHandlers()
    {
        // Handlers run on the receive loop: they must not await hub calls, so resumes go to a loop of their own.
        _connection.On<ConnectionInfo>(HubMethods.ConnectionEstablished, info =>
        {
            _seqs.InitializeFrom(info.LastSeq);
            Connected?.Invoke(info);
            RequestResume("connected");
        });
        _connection.On<Notification>(HubMethods.Notification, notification =>
        {
            Raise(notification);
            if (_seqs.HasGap) RequestResume("gap");
        });
        _connection.On<InboxChange>(HubMethods.InboxChanged, change => InboxChanged?.Invoke(change));
        _connection.On<ResumeRequest>(HubMethods.ResumeRequested, request => RequestResume(request.Reason));

        _connection.Reconnecting += error =>
        {
            _ready.Down();
            Log.Reconnecting(_logger, error?.Message);
            StateChanged?.Invoke(HubConnectionState.Reconnecting);
            return Task.CompletedTask;
        };
        _connection.Reconnected += _ =>
        {
            _ready.Up();
            StateChanged?.Invoke(HubConnectionState.Connected);
            return Task.CompletedTask;
        };
        // Automatic reconnect ends only when the server closes for good (say, a refused token);
        // a long-lived client starts over rather than go quiet.
        _connection.Closed += error =>
        {
            _ready.Down();
            StateChanged?.Invoke(HubConnectionState.Disconnected);
            if (_lifetime.IsCancellationRequested || _stopped) return Task.CompletedTask;
            Log.Closed(_logger, error?.Message);
            _ = Task.Run(() => StartAsync(_lifetime.Token), CancellationToken.None);
            return Task.CompletedTask;
        };
    }

    private void Raise(Notification notification)
    {
        if (_seqs.TryAccept(notification.Seq)) NotificationReceived?.Invoke(notification);
    }

    private void RequestResume(string reason)
    {
        Log.ResumeRequested(_logger, reason);
        _resumeSignals.Writer.TryWrite(reason);
    }

    private async Task ResumeLoopAsync()
    {
        try
        {
            await foreach (var _ in _resumeSignals.Reader.ReadAllAsync(_lifetime.Token))
            {
                try
                {
                    await ResumeAsync(_lifetime.Token);
                }
                catch (Exception ex) when (!_lifetime.IsCancellationRequested)
                {
                    // The next (re)connect asks again; nothing is lost by waiting for it.
                    Log.ResumeFailed(_logger, ex.Message);
                }
            }
        }
        catch (Exception) when (_lifetime.IsCancellationRequested)
        {
            // Disposed while resuming: there is no one left to tell.
        }
    }

    // docs/contract.md (ResumeFrom): page ResumeFrom until has_more is false, then settle to last_seq; the web app does the same.
    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        while (_connection.State == HubConnectionState.Connected)
        {
            var after = _seqs.Watermark;
            var page = await _connection.InvokeAsync<ResumePage>(HubMethods.ResumeFrom, after, cancellationToken);
            foreach (var notification in page.Notifications) Raise(notification);
            if (page.RemovedThroughSeq > after) HistoryRemoved?.Invoke(new RemovedHistory(after, page.RemovedThroughSeq));
            if (page.HasMore) continue;

            // The whole rest of the inbox was read: what is still missing up to here was cleared or expired.
            _seqs.Settle(Math.Max(page.LastSeq, page.Notifications.Count > 0 ? page.Notifications[^1].Seq : 0));
            return;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Connecting to the hub failed (attempt {Attempt}): {Reason}")]
        public static partial void ConnectFailed(ILogger logger, int attempt, string reason);

        [LoggerMessage(2, LogLevel.Information, "Connection lost, reconnecting: {Reason}")]
        public static partial void Reconnecting(ILogger logger, string? reason);

        [LoggerMessage(3, LogLevel.Warning, "Connection closed by the server, starting over: {Reason}")]
        public static partial void Closed(ILogger logger, string? reason);

        [LoggerMessage(4, LogLevel.Debug, "Resume requested: {Reason}")]
        public static partial void ResumeRequested(ILogger logger, string reason);

        [LoggerMessage(5, LogLevel.Warning, "Resume failed, waiting for the next connection: {Reason}")]
        public static partial void ResumeFailed(ILogger logger, string reason);
    }
}
