using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Client.Publishing;

/// <summary>
/// Publishing through the hub, as <see cref="NotificationHubClient"/> does it: what a service that
/// only publishes depends on, so the code around it can be tested without a hub.
/// </summary>
public interface INotificationPublisher
{
    ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default);
}
