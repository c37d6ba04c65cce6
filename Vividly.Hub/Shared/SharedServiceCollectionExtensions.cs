namespace Vividly.Hub.Shared;

public static class SharedServiceCollectionExtensions
{
    /// <summary>The cross-cutting pieces every feature may use: the service's metrics and this instance's identity.</summary>
    public static IServiceCollection AddSharedKernel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InstanceOptions>().Bind(configuration);
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<ServiceMetrics>();
        return services;
    }
}
