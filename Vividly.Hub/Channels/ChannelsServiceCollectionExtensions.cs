using Vividly.Hub.Preferences;

namespace Vividly.Hub.Channels;

public static class ChannelsServiceCollectionExtensions
{
    /// <summary>
    /// The dispatcher on every instance, the deliveries store and events. A channel without an
    /// <see cref="IChannelReach"/> reaches nobody, so its deliveries are skipped; where several are
    /// registered for a channel the last wins.
    /// </summary>
    public static IServiceCollection AddChannels(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DispatcherOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        if (environment.IsEnvironment(TestingFileChannel.EnvironmentName) && configuration[TestingFileChannel.FileKey] is { Length: > 0 } path)
        {
            var fileLock = new SemaphoreSlim(1, 1);
            var sendTime = TimeSpan.FromMilliseconds(configuration.GetValue<int>(TestingFileChannel.SendTimeKey));
            foreach (var channel in new[] { NotificationChannels.Email, NotificationChannels.Push })
            {
                var testing = new TestingFileChannel(channel, path, sendTime, fileLock);
                services.AddSingleton<IChannelReach>(testing);
                services.AddSingleton<IChannelSender>(testing);
            }
        }
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<IDeliveryEvents, DeliveryEvents>();
        services.AddHostedService<DeliveryDispatcher>();
        return services;
    }
}
