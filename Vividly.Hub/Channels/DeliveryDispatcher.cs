using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Vividly.Hub.Preferences;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Channels;

/// <summary>
/// Routes stored notifications to email and push and sends what is due, on every instance: each
/// pass claims outbox rows and deliveries under a lease (<see cref="DeliveryStore"/>), so
/// instances share the work and nothing is claimed twice, and a claim whose holder died is taken
/// again once its lease lapses. A send's outcome is committed straight after it: a crash between
/// the two sends that delivery once more (its id, in the email's Message-ID, lets it be recognised).
/// </summary>
public sealed partial class DeliveryDispatcher : BackgroundService
{
    private readonly DeliveryStore _store;
    private readonly IPreferencesStore _preferences;
    private readonly Dictionary<string, IChannelReach> _reach;
    private readonly Dictionary<string, IChannelSender> _senders;
    private readonly DispatcherOptions _options;
    private readonly DeliveryMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DeliveryDispatcher> _logger;
    private readonly RetryBackoff _backoff;
    private readonly ResiliencePipeline _sendTimeout;
    private readonly string _holder;

    public DeliveryDispatcher(
        DeliveryStore store, IPreferencesStore preferences, IEnumerable<IChannelReach> reach, IEnumerable<IChannelSender> senders,
        IOptions<DispatcherOptions> options, InstanceIdentity identity, DeliveryMetrics metrics, TimeProvider timeProvider,
        ILogger<DeliveryDispatcher> logger, Func<double>? random = null)
    {
        _store = store;
        _preferences = preferences;
        // The last registered wins, so a later registration (the Testing channel) replaces a channel's own.
        _reach = reach.GroupBy(r => r.Channel).ToDictionary(g => g.Key, g => g.Last());
        _senders = senders.GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _holder = identity.ProcessKey;
        _backoff = new RetryBackoff(TimeSpan.FromMilliseconds(_options.BackoffBaseMs), TimeSpan.FromSeconds(_options.BackoffMaxSeconds), random ?? Random.Shared.NextDouble);
        // A send that outlives half its lease would be taken again by another dispatcher while it runs.
        _sendTimeout = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(_options.Lease / 2).Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Claims not completed lapse and are taken again; the next pass retries.
                Log.PassFailed(_logger, ex);
            }
            if (!worked) await Task.Delay(TimeSpan.FromMilliseconds(_options.PollIntervalMs), _timeProvider, stoppingToken);
        }
    }

    /// <summary>One pass: routes a batch of new notifications, then sends a batch of due deliveries. Answers whether it found any.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var routed = await RouteAsync(cancellationToken);
        var sent = await SendDueAsync(cancellationToken);
        return routed + sent > 0;
    }

    public async Task<int> RouteAsync(CancellationToken cancellationToken)
    {
        var claims = await _store.ClaimOutboxAsync(_holder, _options.Lease, _options.BatchSize, cancellationToken);
        foreach (var claim in claims)
        {
            var notification = await _store.FindNotificationAsync(claim.NotificationId, cancellationToken);
            var now = _timeProvider.GetUtcNow();
            IReadOnlyList<RoutedDelivery> routes;
            if (notification is null)
            {
                // Cleared or trimmed before it was routed: recorded, so its deliveries say why nothing was sent.
                routes = [.. new[] { NotificationChannels.Email, NotificationChannels.Push }
                    .Select(channel => new RoutedDelivery(channel, DeliveryStatuses.Skipped, DeliveryReasons.NotificationRemoved, null))];
            }
            else
            {
                var settings = (await _preferences.GetAsync(claim.UserId, cancellationToken))?.Settings ?? UserPreferences.Default;
                var plan = DeliveryEvaluator.Evaluate(settings, notification.Type, notification.Priority, now);
                var list = new List<RoutedDelivery>();
                foreach (var (channel, decision) in DeliveryRouting.Channels(plan))
                {
                    var reachable = decision is Skip || await CanReachAsync(channel, claim.UserId, cancellationToken);
                    list.Add(DeliveryRouting.Route(channel, decision, reachable, now));
                }
                routes = list;
            }
            var type = notification?.Type ?? "";
            await _store.RecordRoutesAsync(_holder, claim, type, routes, cancellationToken);
            foreach (var route in routes) _metrics.Routed(route.Channel, type, route.Status);
        }
        return claims.Count;
    }

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var claims = await _store.ClaimSendsAsync(_holder, _options.Lease, _options.BatchSize, cancellationToken);
        // A send lasts at most half the lease, so one started before half of it has passed ends
        // while the claim still holds; the rest go back rather than risk a second dispatcher
        // sending them too once the lease lapses.
        var startBy = _timeProvider.GetUtcNow() + _options.Lease / 2;
        for (var i = 0; i < claims.Count; i++)
        {
            if (_timeProvider.GetUtcNow() >= startBy)
            {
                await _store.ReleaseAsync(_holder, [.. claims.Skip(i).Select(claim => claim.DeliveryId)], cancellationToken);
                break;
            }
            await SendAsync(claims[i], cancellationToken);
        }
        return claims.Count;
    }

    private async Task SendAsync(SendClaim claim, CancellationToken cancellationToken)
    {
        var notification = await _store.FindNotificationAsync(claim.NotificationId, cancellationToken);
        if (notification is null)
        {
            await _store.CompleteAsync(_holder, claim.DeliveryId, new SendResult(DeliveryStatuses.Skipped, DeliveryReasons.NotificationRemoved, null, null, null), cancellationToken);
            return;
        }
        if (!_senders.TryGetValue(claim.Channel, out var sender))
        {
            await _store.CompleteAsync(_holder, claim.DeliveryId, new SendResult(DeliveryStatuses.Skipped, DeliveryReasons.NoSender, null, null, null), cancellationToken);
            return;
        }

        SendOutcome outcome;
        try
        {
            var message = new ChannelMessage(claim.DeliveryId, claim.Channel, notification, claim.Attempts);
            outcome = await _sendTimeout.ExecuteAsync(async token => await sender.SendAsync(message, token), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A sender that threw or timed out is treated as a transient failure: the attempt cap ends it.
            outcome = new SendOutcome.RetryLater(ex is TimeoutRejectedException ? "The send timed out." : ex.Message, null);
        }

        var result = Result(outcome, claim.Attempts);
        // Straight after the send, so the window in which a crash resends it is this one write.
        if (!await _store.CompleteAsync(_holder, claim.DeliveryId, result, CancellationToken.None))
        {
            Log.LeaseLost(_logger, claim.DeliveryId);
        }
        _metrics.Attempted(claim.Channel, notification.Type, result.Status);
        if (result.Status == DeliveryStatuses.Failed) Log.SendFailed(_logger, claim.DeliveryId, claim.Channel, claim.Attempts, result.LastError);
    }

    private SendResult Result(SendOutcome outcome, int attempts) => outcome switch
    {
        SendOutcome.Sent sent => new SendResult(DeliveryStatuses.Sent, null, null, null, sent.ProviderMessageId),
        SendOutcome.RetryLater retry when attempts >= _options.MaxAttempts => new SendResult(DeliveryStatuses.Failed, null, retry.Error, null, null),
        SendOutcome.RetryLater retry => new SendResult(DeliveryStatuses.Pending, null, retry.Error,
            _timeProvider.GetUtcNow() + _backoff.DelayAfter(attempts, retry.After), null),
        SendOutcome.Failed failed => new SendResult(DeliveryStatuses.Failed, null, failed.Error, null, null),
        SendOutcome.Unreachable unreachable => new SendResult(DeliveryStatuses.Skipped, DeliveryReasons.Unreachable, unreachable.Reason, null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "No such send outcome."),
    };

    private Task<bool> CanReachAsync(string channel, string userId, CancellationToken cancellationToken) =>
        _reach.TryGetValue(channel, out var reach) ? reach.CanReachAsync(userId, cancellationToken) : Task.FromResult(false);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A delivery dispatch pass failed")]
        public static partial void PassFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Delivery {DeliveryId} was sent after its lease lapsed; another dispatcher holds it now")]
        public static partial void LeaseLost(ILogger logger, string deliveryId);

        [LoggerMessage(3, LogLevel.Warning, "Delivery {DeliveryId} by {Channel} failed for good after {Attempts} attempts: {Error}")]
        public static partial void SendFailed(ILogger logger, string deliveryId, string channel, int attempts, string? error);
    }
}
