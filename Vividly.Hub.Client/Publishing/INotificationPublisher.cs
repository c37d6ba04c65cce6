using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Client.Publishing;

/// <summary>
/// Publishing through the hub, as <see cref="NotificationHubClient"/> does it: what a service that
/// only publishes depends on, so the code around it can be tested without a hub.
/// </summary>
public interface INotificationPublisher
{
    ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes up to <see cref="PublishBatchRequest.MaxRequests"/> requests in one call and answers
    /// what became of each, in order; one that fails fails no other. Throws
    /// <see cref="PublishBatchRefusedException"/> when the hub refused the batch as a whole.
    /// </summary>
    ValueTask<IReadOnlyList<PublishBatchOutcome>> PublishBatchAsync(IReadOnlyList<PublishRequest> requests, CancellationToken cancellationToken = default);
}
