using Vividly.Hub.Shared;
using Vividly.Observability.Telemetry;

namespace Vividly.Hub.Health;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Over OTLP, where a collector is configured: the <c>Vividly.Hub</c> spans (publish, inbox
    /// append, live send) under ASP.NET Core's request spans and SignalR's hub-method spans, and
    /// the <c>Vividly.Hub</c> metrics beside ASP.NET Core's request, Kestrel and SignalR
    /// connection meters.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddServiceTelemetry(configuration, new ServiceTelemetry(
            "vividly-hub",
            [HubActivities.SourceName, "Microsoft.AspNetCore.SignalR.Server"],
            [ServiceMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"]));
}
