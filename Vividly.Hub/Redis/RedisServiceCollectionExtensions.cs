namespace Vividly.Hub.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The one Redis connection that live delivery and connection limits share, and the watch that
    /// tells a stalled Redis from a healthy one. With <c>REDIS_URL</c> unset it stays unused
    /// (<see cref="RedisConnection.Enabled"/>) and this instance is alone.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration).ValidateDataAnnotations()
            // A malformed URL fails the start, not the first send.
            .Validate(options => !options.Enabled || IsReadable(options.Url!), "REDIS_URL must look like redis://[:password@]host:port/db or rediss://…")
            .ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisConnection>());
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
