using Microsoft.AspNetCore.OpenApi;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Preferences;

public static class PreferencesServiceCollectionExtensions
{
    /// <summary>Preferences live in the inbox's database (<see cref="IInboxDatabase"/>) and are asked through its guard.</summary>
    public static IServiceCollection AddPreferences(this IServiceCollection services)
    {
        services.AddKeyedSingleton<IPreferencesStore, PreferencesStore>(GuardedInboxStore.Unguarded);
        services.AddSingleton<IPreferencesStore, GuardedPreferencesStore>();
        services.Configure<OpenApiOptions>("v1", openApi => openApi.AddSchemaTransformer<PreferenceSchemaValues>());
        return services;
    }
}
