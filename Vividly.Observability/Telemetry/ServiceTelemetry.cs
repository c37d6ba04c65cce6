using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Vividly.Observability.Telemetry;

/// <summary>What a service exports and under which name.</summary>
/// <param name="ServiceName">The resource's <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> says otherwise.</param>
/// <param name="ActivitySources">Its own spans and those of the libraries it wants traced, beside ASP.NET Core's and HttpClient's.</param>
/// <param name="Meters">The meters whose instruments are exported.</param>
public sealed record ServiceTelemetry(string ServiceName, IReadOnlyList<string> ActivitySources, IReadOnlyList<string> Meters);

public static class ServiceTelemetryExtensions
{
    /// <summary>
    /// Exports traces and metrics over OTLP where a collector is configured with the standard
    /// <c>OTEL_EXPORTER_OTLP_*</c> variables (on Cloud Run, a collector sidecar that forwards to
    /// Cloud Trace and Cloud Monitoring). Incoming requests continue the caller's W3C
    /// <c>traceparent</c> and outgoing HttpClient requests carry it on, so one content request is
    /// one trace across the worker and the hub. Without a collector nothing is exported, and
    /// with no listener the services' own activities are never even created.
    /// </summary>
    public static IServiceCollection AddServiceTelemetry(this IServiceCollection services, IConfiguration configuration, ServiceTelemetry telemetry)
    {
        var options = configuration.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Exports) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName ?? telemetry.ServiceName))
            .WithTracing(tracing => tracing
                // Probes would be most of the spans and say nothing.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                .AddSource([.. telemetry.ActivitySources])
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter([.. telemetry.Meters])
                .AddOtlpExporter());
        return services;
    }
}
