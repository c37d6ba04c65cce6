using Vividly.Hub.Redis;

namespace Vividly.Hub.Connections;

public static class ConnectionsServiceCollectionExtensions
{
    /// <summary>Admission (the per-user limit), the timeouts and token expiry of open connections, and the drain at shutdown.</summary>
    public static IServiceCollection AddConnections(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectionsOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocalConnectionLimiter>();
        services.AddSingleton<RedisConnectionLimiter>();
        // Counted across instances in Redis when it is on, else by this instance alone.
        services.AddSingleton<IConnectionLimiter>(provider => provider.GetRequiredService<RedisConnection>().Enabled
            ? provider.GetRequiredService<RedisConnectionLimiter>()
            : provider.GetRequiredService<LocalConnectionLimiter>());
        services.AddHostedService<InstanceLiveness>();
        services.AddSingleton<GracefulDrain>();
        services.AddHostedService(provider => provider.GetRequiredService<GracefulDrain>());
        services.AddHostedService<ConnectionMaintenance>();
        // Cloud Run allows 10 seconds between SIGTERM and SIGKILL.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(8));
        return services;
    }
}
