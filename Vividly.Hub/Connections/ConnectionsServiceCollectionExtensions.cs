using Vividly.Hub.Backplane;

namespace Vividly.Hub.Connections;

public static class ConnectionsServiceCollectionExtensions
{
    public static IServiceCollection AddConnections(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<LocalConnectionLimiter>();
        if (string.IsNullOrWhiteSpace(configuration.Get<BackplaneOptions>()?.RedisUrl))
            services.AddSingleton<IConnectionLimiter>(provider => provider.GetRequiredService<LocalConnectionLimiter>());
        else
        {
            services.AddSingleton<IConnectionLimiter, RedisConnectionLimiter>();
            services.AddHostedService<InstanceLiveness>();
        }
        services.AddSingleton<GracefulDrain>();
        services.AddHostedService(provider => provider.GetRequiredService<GracefulDrain>());
        services.AddHostedService<ConnectionMaintenance>();
        // Cloud Run allows 10 seconds between SIGTERM and SIGKILL.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(8));
        return services;
    }
}
