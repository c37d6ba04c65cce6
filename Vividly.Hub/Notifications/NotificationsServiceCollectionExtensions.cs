using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;

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
        services.AddOptions<NotificationsOptions>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotificationSwitch>();
        services.AddSingleton<ConnectionAdmission>();
        services.AddSingleton<NotificationPublisher>();

        services.AddSignalR().AddJsonProtocol(json => ContractJson.Apply(json.PayloadSerializerOptions));
        services.AddOptions<HubOptions>().Configure<IOptions<NotificationsOptions>, IOptions<ConnectionsOptions>>((hub, notifications, connections) =>
        {
            hub.KeepAliveInterval = TimeSpan.FromSeconds(Math.Min(notifications.Value.HeartbeatIntervalSeconds, MaxKeepAliveSeconds));
            // Still needed beside ConnectionMaintenance: once a client has pinged, SignalR closes
            // it after ClientTimeoutInterval of silence, 30 s by default, so a client quiet for
            // longer (a background tab whose timers the browser throttles) would be cut well
            // before SSE_CONNECTION_TIMEOUT. A client that never pings SignalR never times out;
            // ConnectionActivity is there for those.
            hub.ClientTimeoutInterval = connections.Value.Timeout;
            hub.MaximumReceiveMessageSize = PublishApi.MaxBodyBytes;
            // A publishing service keeps several publishes in flight on its one connection;
            // one at a time would cap it at one publish per round trip.
            hub.MaximumParallelInvocationsPerClient = 16;
            hub.AddFilter<StoreUnavailableHubFilter>();
        });
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
