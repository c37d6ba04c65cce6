namespace Vividly.Hub.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>This instance's connections and the live messages on their way to them, across instances through Redis when it is on.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<LiveDelivery>();
        services.AddHostedService<BackplaneRecovery>();
        services.AddHostedService<LiveQueueGauges>();
        return services;
    }
}
