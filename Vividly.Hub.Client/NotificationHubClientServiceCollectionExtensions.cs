using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Hub.Client;

public static class NotificationHubClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="NotificationHubClient"/>, also as the <see cref="INotificationPublisher"/>,
    /// that connects when the host starts.
    /// </summary>
    public static IServiceCollection AddNotificationHubClient(this IServiceCollection services, Action<NotificationHubClientOptions, IServiceProvider> configure)
    {
        services.AddOptions<NotificationHubClientOptions>()
            .Configure<IServiceProvider>((options, provider) => configure(options, provider))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(provider => new NotificationHubClient(
            provider.GetRequiredService<IOptions<NotificationHubClientOptions>>().Value,
            provider.GetRequiredService<ILogger<NotificationHubClient>>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<INotificationPublisher>(provider => provider.GetRequiredService<NotificationHubClient>());
        services.AddHostedService<NotificationHubClientStarter>();
        return services;
    }

    /// <summary>Connects in the background so a hub that is not up yet does not hold the host's start.</summary>
    private sealed class NotificationHubClientStarter(NotificationHubClient client) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.StartAsync(stoppingToken);

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await base.StopAsync(cancellationToken);
            await client.StopAsync(cancellationToken);
        }
    }
}
