using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Health;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Exports the hub's metrics over OTLP where a collector is configured with the standard
    /// <c>OTEL_EXPORTER_OTLP_*</c> variables (on Cloud Run, a collector sidecar that forwards to
    /// Cloud Monitoring): the <c>Vividly.Hub</c> counters beside ASP.NET Core's request, Kestrel
    /// and SignalR connection meters. Without a collector nothing is exported.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, TelemetryOptions telemetry)
    {
        if (!telemetry.Exports) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(ServiceMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
                .AddOtlpExporter());
        return services;
    }
}
