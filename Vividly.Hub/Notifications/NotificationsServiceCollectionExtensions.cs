using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vividly.Hub.Connections;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Live;

namespace Vividly.Hub.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The official SignalR clients give up on a server silent for 30 s (their default server
    /// timeout) and want two keep-alives within it; a longer <c>SSE_HEARTBEAT_INTERVAL</c> would
    /// drop every idle stock client, as soon as nothing is published for half a minute.
    /// </summary>
    public const int MaxKeepAliveSeconds = 15;

    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RealtimeHubOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.Get<RealtimeHubOptions>() ?? new RealtimeHubOptions();

        services.AddSingleton<NotificationPublisher>();
        services.AddSingleton<InboxChanges>();
        services.AddConnections(configuration);

        services.AddSignalR(hub =>
            {
                hub.KeepAliveInterval = TimeSpan.FromSeconds(Math.Min(options.HeartbeatIntervalSeconds, MaxKeepAliveSeconds));
                hub.ClientTimeoutInterval = TimeSpan.FromSeconds(options.ConnectionTimeoutSeconds);
                hub.MaximumReceiveMessageSize = PublishApi.MaxBodyBytes;
                // A publishing service keeps several publishes in flight on its one connection;
                // one at a time would cap it at one publish per round trip.
                hub.MaximumParallelInvocationsPerClient = 16;
                hub.AddFilter<StoreUnavailableHubFilter>();
            })
            .AddJsonProtocol(json => ContractJson.Apply(json.PayloadSerializerOptions));
        services.Replace(ServiceDescriptor.Singleton<IHubProtocol, DepthSafeJsonHubProtocol>());
        return services;
    }

    /// <summary>The hub speaks Server-Sent Events only: negotiate offers nothing else and other transports are refused.</summary>
    public static WebApplication MapNotificationHub(this WebApplication app)
    {
        app.MapHub<NotificationHub>(HubMethods.HubPath, hub => hub.Transports = HttpTransportType.ServerSentEvents);
        return app;
    }
}
