using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The background jobs and the one runner that runs each on a single instance at a time,
    /// leased in the inbox's database (<paramref name="usePostgres"/> as for the inbox).
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, bool usePostgres)
    {
        services.AddOptions<JobsOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IJobLeases>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<InboxStorageOptions>>().Value;
            System.Data.Common.DbDataSource dataSource = usePostgres
                ? NpgsqlDataSource.Create(PostgresUrl.ToConnectionString(storage.DatabaseUrl!))
                : SqliteFactory.Instance.CreateDataSource(new SqliteConnectionStringBuilder { DataSource = storage.SqlitePath, Pooling = true, DefaultTimeout = 30 }.ToString());
            return new SqlJobLeases(dataSource, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IBackgroundJob, UnsnoozeJob>();
        services.AddSingleton<IBackgroundJob, AutoArchiveJob>();
        services.AddSingleton<IBackgroundJob, RetentionJob>();
        services.AddHostedService<JobRunner>();
        return services;
    }
}
