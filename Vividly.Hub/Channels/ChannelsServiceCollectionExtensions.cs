using Vividly.Hub.Inbox;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Channels;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>
    /// The dispatcher on every instance, the deliveries store and events. A channel without an
    /// <see cref="IChannelReach"/> reaches nobody, so its deliveries are skipped; where several are
    /// registered for a channel the last wins.
    /// </summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatcherOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        // Bounded by STORE_TIMEOUT_MS: a frozen database fails a dispatcher pass rather than holding it.
        services.AddSingleton(provider => new DeliveryStore(provider.GetRequiredService<GuardedInboxDatabase>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<IDeliveryEvents, DeliveryEvents>();
        services.AddHostedService<DeliveryDispatcher>();
        return services;
    }
}
