namespace Vividly.Hub.Inbox;

public static class InboxServiceCollectionExtensions
{
    /// <summary>
    /// PostgreSQL when <c>DATABASE_URL</c> is set (<paramref name="usePostgres"/>, read once by the
    /// composition root), else the embedded SQLite file; the schema is migrated before the host
    /// serves. Everything asks the store through <see cref="GuardedInboxStore"/>.
    /// </summary>
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration, bool usePostgres)
    {
        services.AddOptions<InboxStorageOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<StoreGuardOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        // The database is registered on its own, so the features beside the inbox share its pool and writer.
        if (usePostgres)
        {
            services.AddSingleton<PostgresDatabase>();
            services.AddSingleton<IInboxDatabase>(provider => provider.GetRequiredService<PostgresDatabase>());
            services.AddKeyedSingleton<IInboxStore, PostgresInboxStore>(GuardedInboxStore.Unguarded);
        }
        else
        {
            services.AddSingleton<SqliteDatabase>();
            services.AddSingleton<IInboxDatabase>(provider => provider.GetRequiredService<SqliteDatabase>());
            services.AddKeyedSingleton<IInboxStore, SqliteInboxStore>(GuardedInboxStore.Unguarded);
        }
        services.AddSingleton<GuardedInboxStore>();
        services.AddSingleton<IInboxStore>(provider => provider.GetRequiredService<GuardedInboxStore>());
        services.AddSingleton(provider => (IInboxMaintenance)provider.GetRequiredKeyedService<IInboxStore>(GuardedInboxStore.Unguarded));
        services.AddSingleton<InboxChanges>();
        services.AddSingleton<StoreAvailability>();
        services.AddHostedService<InboxInitializer>();
        services.AddHostedService<StoreAvailabilityMonitor>();
        services.AddHostedService<StoreRecovery>();
        services.AddExceptionHandler<StoreUnavailableAnswer>();
        // Retention itself runs as a job (Jobs/RetentionJob), on one instance at a time.
        services.AddOptions<RetentionOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    private sealed class InboxInitializer(IInboxStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
