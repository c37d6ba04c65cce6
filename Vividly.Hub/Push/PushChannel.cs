using System.Net;
using Vividly.Hub.Channels;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Push;

/// <summary>
/// Push through the dispatcher: a delivery goes to each of the user's subscriptions that has not
/// already taken it (or left) in an earlier attempt, as <c>push_attempts</c> records per endpoint.
/// Any endpoint still to try (429, 5xx, no answer) makes the delivery try again, after the longest
/// Retry-After asked for; otherwise it is sent when some endpoint took it, failed when every live
/// one refused it, and unreachable when every subscription is gone.
/// </summary>
public sealed class PushChannel(IPushSubscriptionStore subscriptions, PushAttemptStore attempts, IServiceProvider services) : IChannelSender, IChannelReach
{
    public string Channel => NotificationChannels.Push;

    public async Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) =>
        (await subscriptions.ListAsync(userId, cancellationToken)).Count > 0;

    public async Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, string>(await attempts.StatusesAsync(message.DeliveryId, cancellationToken), StringComparer.Ordinal);
        var live = await subscriptions.ListAsync(message.Notification.UserId, cancellationToken);
        // PushDelivery is transient, holding a typed HttpClient whose handlers are renewed.
        var delivery = services.GetRequiredService<PushDelivery>();
        TimeSpan? wait = null;
        string? retryError = null, refusal = null;
        foreach (var subscription in live.Where(s => !statuses.TryGetValue(s.Endpoint, out var status) || !PushAttemptStore.Done.Contains(status)))
        {
            var result = await delivery.SendAsync(subscription, message.Notification, cancellationToken);
            var (status, error) = result switch
            {
                PushResult.Delivered => (PushAttemptStatuses.Delivered, null),
                PushResult.Gone gone => (PushAttemptStatuses.Gone, $"{(int)gone.Status} gone"),
                PushResult.RateLimited => (PushAttemptStatuses.Retry, "429 rate limited"),
                PushResult.Failed { Status: { } code } failed when IsPermanent(code) => (PushAttemptStatuses.Refused, failed.Error),
                PushResult.Failed failed => (PushAttemptStatuses.Retry, failed.Error),
                _ => throw new ArgumentOutOfRangeException(nameof(message), result, "No such push result."),
            };
            await attempts.RecordAsync(message.DeliveryId, subscription.Endpoint, status, error, cancellationToken);
            statuses[subscription.Endpoint] = status;
            if (status == PushAttemptStatuses.Retry) retryError = error;
            if (status == PushAttemptStatuses.Refused) refusal = error;
            if (result is PushResult.RateLimited { RetryAfter: { } after } && (wait is null || after > wait)) wait = after;
        }

        if (retryError is not null) return new SendOutcome.RetryLater(retryError, wait);
        if (statuses.ContainsValue(PushAttemptStatuses.Delivered)) return new SendOutcome.Sent(null);
        if (refusal is not null || statuses.ContainsValue(PushAttemptStatuses.Refused)) return new SendOutcome.Failed(refusal ?? "every subscription refused the message");
        return new SendOutcome.Unreachable(statuses.Count == 0 ? "no subscription" : "every subscription is gone");
    }

    /// <summary>A 4xx but 404, 410 (gone) and 429 (rate limited): the same message would be refused again.</summary>
    private static bool IsPermanent(HttpStatusCode status) => (int)status is >= 400 and < 500;
}
