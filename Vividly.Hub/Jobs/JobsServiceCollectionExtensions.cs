namespace Vividly.Hub.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>The background jobs and the one runner that runs each on a single instance at a time, leased in the inbox's database.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IJobLeases, SqlJobLeases>();
        services.AddSingleton<IBackgroundJob, UnsnoozeJob>();
        services.AddSingleton<IBackgroundJob, AutoArchiveJob>();
        services.AddSingleton<IBackgroundJob, RetentionJob>();
        services.AddHostedService<JobRunner>();
        return services;
    }
}
