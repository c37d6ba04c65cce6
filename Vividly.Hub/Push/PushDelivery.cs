using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Push;

/// <summary>
/// Sends one notification to one stored subscription and keeps the row true to the answer: a
/// gone endpoint is deleted, a taken message clears the failures, a refused one adds to them.
/// </summary>
public sealed class PushDelivery(PushSender sender, IPushSubscriptionStore store, Microsoft.Extensions.Options.IOptions<PushOptions> options)
{
    public async Task<PushResult> SendAsync(StoredPushSubscription subscription, Notification notification, CancellationToken cancellationToken)
    {
        var result = await sender.SendAsync(subscription.Target, PushMessage.For(notification, options.Value.AppUrl), cancellationToken);
        switch (result)
        {
            case PushResult.Delivered:
                await store.RecordSuccessAsync(subscription.Endpoint, cancellationToken);
                break;
            case PushResult.Gone:
                await store.RemoveGoneAsync(subscription.Endpoint, cancellationToken);
                break;
            case PushResult.Failed:
                await store.RecordFailureAsync(subscription.Endpoint, cancellationToken);
                break;
        }
        // Rate limiting says nothing about the subscription: it is the caller's to wait.
        return result;
    }
}
