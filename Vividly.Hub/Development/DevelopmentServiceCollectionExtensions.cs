namespace Vividly.Hub.Development;

public static class DevelopmentServiceCollectionExtensions
{
    /// <summary>What <see cref="DevelopmentApi"/> needs; registered, like the API is mapped, only in Development.</summary>
    public static IServiceCollection AddDevelopment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DevelopmentOptions>().Bind(configuration);
        services.AddHttpClient();
        return services;
    }
}
