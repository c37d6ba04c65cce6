namespace Vividly.Hub.Backplane;

public static class BackplaneServiceCollectionExtensions
{
    /// <summary>With <c>REDIS_URL</c> set, live messages and connection limits span the instances; unset, this instance is alone.</summary>
    public static IServiceCollection AddBackplane(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.Get<BackplaneOptions>() ?? new BackplaneOptions();
        if (!string.IsNullOrWhiteSpace(options.RedisUrl)) RedisUrl.ToConfiguration(options.RedisUrl); // a malformed URL fails the start, not the first send
        services.AddSingleton(options);
        services.AddSingleton<RedisBackplane>();
        services.AddHostedService<BackplaneRecovery>();
        return services;
    }
}
