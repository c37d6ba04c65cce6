using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Redis;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Live;

/// <summary>
/// The one way a live message reaches a user's connections. <see cref="SendAsync"/> publishes it
/// once on Redis, and every instance, this one included, hands it to the outbox of each of the
/// user's connections it holds: one order for every device, whichever instance published. While
/// Redis cannot take it, this instance hands it over directly. Nothing here waits on a connection
/// (outboxes are bounded, a full one closes its connection to resume later), nor long on Redis.
/// Live delivery is at most once; what a connection misses (Redis away, a reconnect, an overflow)
/// it reads back with <c>ResumeFrom</c>, from the store that has it all.
/// Plain SSE streams (<c>EventStream/</c>) are registered connections too: the same Redis channel
/// and outboxes reach them, their pump writing SSE events instead of hub calls, and a stream
/// reads what it missed from the store itself (<c>PlainStream</c>). There is no second backplane.
/// </summary>
public sealed partial class LiveDelivery(
    ConnectionRegistry connections,
    RedisConnection redis,
    IOptions<LiveOptions> options,
    InstanceIdentity instance,
    ServiceMetrics metrics,
    ILogger<LiveDelivery> logger) : IDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal($"{RedisOptions.KeyPrefix}:live");

    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private readonly MissedElsewhere _missed = new();
    // One for every connection: a closure each would cost every idle connection its bytes.
    private readonly Action<string, Exception> _sendFailed = (connectionId, ex) => Log.SendFailed(logger, connectionId, ex);
    private ChannelMessageQueue? _subscription;

    /// <summary>
    /// Every connection of the user, on every instance, is handed the message. Once Redis has
    /// taken it (a wait bounded by <c>REDIS_PUBLISH_WAIT_MS</c>) it is on its way to every
    /// instance in Redis's one order, so a publisher answered for one message before it sends the
    /// next sees them arrive in that order on every device. While Redis is away or stalled
    /// nothing waits on it: this instance's connections get the message at once, and the other
    /// instances ask theirs to resume when Redis answers again (<see cref="BackplaneRecovery"/>).
    /// </summary>
    public async Task SendAsync(LiveEvent message)
    {
        if (!redis.IsConnected)
        {
            DeliverLocally(message);
            if (redis.Enabled) _missed.Add(message.UserId);
            return;
        }
        // Without a subscription this instance would never hear its own message back.
        var listening = _subscription is not null;
        if (!listening) DeliverLocally(message);
        try
        {
            await PublishAsync(new LiveEnvelope(instance.ProcessKey, message, DeliveredAtOrigin: !listening));
        }
        catch (RedisUnavailableException ex)
        {
            // Should Redis pass it on late after all, a device drops the copy by its seq.
            Log.NotPublished(logger, message.UserId, ex.Message);
            if (listening) DeliverLocally(message);
            _missed.Add(message.UserId);
        }
    }

    /// <summary>
    /// Once Redis answers again: asks every user whose live messages it could not take to resume
    /// on every instance, so their devices elsewhere read what they missed. An instance that saw
    /// Redis come back before this one did has already asked its connections, maybe too early.
    /// </summary>
    public async Task AskOthersToResumeAsync(string reason)
    {
        var (everyone, users) = _missed.Take();
        if (everyone)
        {
            try
            {
                await PublishAsync(new LiveEnvelope(instance.ProcessKey, new LiveEvent("", ResumeRequest: new ResumeRequest(reason)), DeliveredAtOrigin: false, Everyone: true));
            }
            catch (RedisUnavailableException ex)
            {
                // Gone again: the next restoration asks.
                Log.NotPublished(logger, "everyone", ex.Message);
                _missed.AddEveryone();
            }
            return;
        }
        foreach (var user in users) await SendAsync(new LiveEvent(user, ResumeRequest: new ResumeRequest(reason)));
    }

    private Task PublishAsync(LiveEnvelope envelope)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(envelope, ContractJson.Options);
        return redis.RunAsync(connection => connection.GetSubscriber().PublishAsync(Channel, bytes), options.Value.PublishWait);
    }

    /// <summary>Asks each of this instance's connections to resume, after live sends may have been lost.</summary>
    public void AskAllToResume(string reason)
    {
        foreach (var connection in connections.All())
            Enqueue(connection, new LiveEvent(connection.UserId, ResumeRequest: new ResumeRequest(reason)));
    }

    /// <summary>Starts writing the connection's outbox to <paramref name="client"/>, once it has been sent <c>ConnectionEstablished</c>.</summary>
    public void Start(LocalConnection connection, INotificationClient client) =>
        connection.Outbox.Start(client, connection.ConnectionId, _sendFailed);

    /// <summary>Listens for the other instances' messages; true once listening.</summary>
    public async Task<bool> SubscribeAsync()
    {
        await _subscribing.WaitAsync();
        Task<ChannelMessageQueue>? started = null;
        try
        {
            if (_subscription is not null) return true;
            var subscription = await redis.RunAsync(connection => started = connection.GetSubscriber().SubscribeAsync(Channel));
            // One message after another, in the order Redis delivered them.
            subscription.OnMessage(OnMessage);
            _subscription = subscription;
            return true;
        }
        catch (RedisUnavailableException ex)
        {
            // Should it come through after all, nobody would read its queue: drop it, the next attempt subscribes afresh.
            _ = started?.ContinueWith(static task => task.Result.UnsubscribeAsync(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            metrics.SubscribeError();
            Log.NotSubscribed(logger, ex.Message);
            return false;
        }
        finally
        {
            _subscribing.Release();
        }
    }

    public void Dispose() => _subscribing.Dispose();

    private void OnMessage(ChannelMessage message)
    {
        LiveEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<LiveEnvelope>((byte[])message.Message!, ContractJson.Options);
        }
        catch (JsonException ex)
        {
            Log.Unreadable(logger, ex.Message);
            return;
        }
        if (envelope is null || (envelope.DeliveredAtOrigin && envelope.Origin == instance.ProcessKey)) return;
        if (envelope.Everyone) AskAllToResume(envelope.Event.ResumeRequest?.Reason ?? BackplaneRecovery.Reason);
        else DeliverLocally(envelope.Event);
    }

    private void DeliverLocally(LiveEvent message)
    {
        foreach (var connection in connections.Of(message.UserId)) Enqueue(connection, message);
    }

    private void Enqueue(LocalConnection connection, LiveEvent message)
    {
        if (connection.Outbox.TryEnqueue(message) || !connection.Outbox.MarkOverflowed()) return;
        Log.Overflowed(logger, connection.ConnectionId, connection.UserId);
        metrics.SlowConnectionClosed();
        connection.Control.CloseAllowingReconnect(CloseReason.SlowReader);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Live message for {UserId} not sent to the other instances: {Reason}")]
        public static partial void NotPublished(ILogger logger, string userId, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Not listening for the other instances' live messages yet: {Reason}")]
        public static partial void NotSubscribed(ILogger logger, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Ignored an unreadable live message: {Reason}")]
        public static partial void Unreadable(ILogger logger, string reason);

        [LoggerMessage(4, LogLevel.Information, "Closing connection {ConnectionId} of {UserId}: its send buffer is full; it resumes when it returns")]
        public static partial void Overflowed(ILogger logger, string connectionId, string userId);

        [LoggerMessage(5, LogLevel.Debug, "A live send to connection {ConnectionId} failed")]
        public static partial void SendFailed(ILogger logger, string connectionId, Exception exception);
    }
}
