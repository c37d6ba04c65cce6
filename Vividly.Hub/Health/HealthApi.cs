using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Live;
using Vividly.Hub.Redis;
using Vividly.Hub.Inbox;
using Vividly.Hub.Notifications;
using Vividly.Hub.Connections;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Health;

public static class HealthApi
{
    /// <summary>Liveness, readiness, the contract's service health and the admin view of connections.</summary>
    public static WebApplication MapHealthApi(this WebApplication app)
    {
        // The probes are the orchestrator's, not the contract's: left out of the OpenAPI document.
        app.MapGet(Routes.Live, () => TypedResults.Ok(new { status = "alive" })).ExcludeFromDescription();
        // Both answer from StoreAvailability, never by asking the store: a stalled store must not stall health.
        app.MapGet(Routes.Ready, (StoreAvailability store, GracefulDrain drain) =>
            drain.Draining ? Problems.Unavailable("Shutting down.")
            : store.IsAvailable ? Results.Ok(new { status = "ready" })
            : Problems.Unavailable("The inbox store is not reachable.")).ExcludeFromDescription();

        var notifications = app.MapGroup(NotificationsApi.Prefix);
        notifications.MapGet("/health", ServiceHealthReport).WithName("ServiceHealth")
            .Produces<ServiceHealth>().Produces<ServiceHealth>(StatusCodes.Status503ServiceUnavailable);
        notifications.MapGet("/connections", (ConnectionRegistry connections, InstanceIdentity instance) =>
                TypedResults.Ok(new ConnectionsReport(instance.Id, connections.Count, connections.CountByUser())))
            .RequireAuthorization(AuthServiceCollectionExtensions.AdminPolicy).WithName("Connections");
        return app;
    }

    private static IResult ServiceHealthReport(
        StoreAvailability store, RedisConnection redis, ConnectionRegistry connections, InstanceIdentity instance,
        ServiceMetrics metrics, NotificationSwitch notifications)
    {
        var database = store.IsAvailable;
        // Without Redis the hub still stores, answers and delivers locally: degraded, not down.
        var status = !database ? "unhealthy" : redis.Enabled && !redis.IsConnected ? "degraded" : "healthy";
        var report = new ServiceHealth(status, redis.IsConnected, database, instance.Id, connections.Count, notifications.IsOn, metrics.Snapshot());
        return database ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private sealed record ServiceHealth(
        string Status,
        bool RedisConnected,
        bool DatabaseConnected,
        string InstanceId,
        int ActiveConnections,
        bool NotificationsEnabled,
        ServiceMetricsSnapshot ServiceMetrics);

    private sealed record ConnectionsReport(string InstanceId, int ActiveConnections, IReadOnlyDictionary<string, int> ByUser);
}
