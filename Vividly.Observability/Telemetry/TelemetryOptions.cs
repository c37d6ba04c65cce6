using Microsoft.Extensions.Configuration;

namespace Vividly.Observability.Telemetry;

/// <summary>
/// The two standard OpenTelemetry variables a service itself reads; the exporter reads the other
/// <c>OTEL_EXPORTER_OTLP_*</c> ones on its own.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Where the collector listens; unset, nothing is exported.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public string? OtlpEndpoint { get; set; }

    /// <summary>Unset, the service's own name (<c>vividly-hub</c>, <c>vividly-worker</c>).</summary>
    [ConfigurationKeyName("OTEL_SERVICE_NAME")]
    public string? ServiceName { get; set; }

    public bool Exports => !string.IsNullOrWhiteSpace(OtlpEndpoint);
}
