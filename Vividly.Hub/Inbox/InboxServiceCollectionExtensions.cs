using Microsoft.Extensions.Options;

namespace Vividly.Hub.Inbox;

public static class InboxServiceCollectionExtensions
{
    /// <summary>PostgreSQL when <c>DATABASE_URL</c> is set, else the embedded SQLite file; the schema is migrated before the host serves.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboxStorageOptions>().Bind(configuration).ValidateOnStart();
        var usePostgres = !string.IsNullOrWhiteSpace(configuration.Get<InboxStorageOptions>()?.DatabaseUrl);
        if (usePostgres)
            services.AddSingleton<IInboxStore, PostgresInboxStore>();
        else
            services.AddSingleton<IInboxStore, SqliteInboxStore>();
        services.AddHostedService<InboxInitializer>();
        services.AddOptions<RetentionOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<InboxRetentionService>();
        return services;
    }

    private sealed class InboxInitializer(IInboxStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
