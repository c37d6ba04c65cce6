namespace Vividly.Hub.Backplane;

public static class BackplaneServiceCollectionExtensions
{
    /// <summary>With <c>REDIS_URL</c> set, live messages and connection limits span the instances; unset, this instance is alone.</summary>
    public static IServiceCollection AddBackplane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackplaneOptions>().Bind(configuration).ValidateDataAnnotations()
            // A malformed URL fails the start, not the first send.
            .Validate(options => string.IsNullOrWhiteSpace(options.RedisUrl) || IsReadable(options.RedisUrl), "REDIS_URL must look like redis://[:password@]host:port/db or rediss://…")
            .ValidateOnStart();
        services.AddSingleton<RedisBackplane>();
        services.AddHostedService<BackplaneRecovery>();
        services.AddHostedService<RedisStallWatch>();
        return services;
    }

    private static bool IsReadable(string url)
    {
        try
        {
            RedisUrl.ToConfiguration(url);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            return false;
        }
    }
}
