namespace Vividly.Hub.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>Live delivery to this instance's connections, across instances through Redis when it is on.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveDelivery>();
        services.AddHostedService<BackplaneRecovery>();
        services.AddHostedService<LiveQueueGauges>();
        return services;
    }
}
