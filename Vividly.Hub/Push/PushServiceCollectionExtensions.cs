using Microsoft.Extensions.Options;
using Vividly.Hub.Inbox;
using Vividly.Hub.Jobs;

namespace Vividly.Hub.Push;

public static class PushServiceCollectionExtensions
{
    /// <summary>Single attempts: the push service's answer decides a retry, and the caller makes it.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Web Push: options checked at start, subscriptions in the inbox's database under its guard,
    /// and the sender, which needs the VAPID keys (asked for only when push is configured).
    /// </summary>
    public static IServiceCollection AddPush(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PushOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidator>();
        services.AddSingleton<IBackgroundJob, PushCleanupJob>();
        services.AddKeyedSingleton<IPushSubscriptionStore, PushSubscriptionStore>(GuardedInboxStore.Unguarded);
        services.AddSingleton<IPushSubscriptionStore, GuardedPushSubscriptionStore>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<PushOptions>>().Value;
            if (!options.IsConfigured) throw new InvalidOperationException("Web Push is not configured: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT.");
            return VapidKeys.Parse(options.VapidPublicKey!, options.VapidPrivateKey!);
        });
        services.AddSingleton(provider => new VapidToken(provider.GetRequiredService<VapidKeys>(),
            provider.GetRequiredService<IOptions<PushOptions>>().Value.VapidSubject!, provider.GetRequiredService<TimeProvider>()));
        services.AddHttpClient<PushSender>(http => http.Timeout = SendTimeout);
        // Transient as the typed client it holds, so the client's handlers are renewed.
        services.AddTransient<PushDelivery>();
        return services;
    }
}
