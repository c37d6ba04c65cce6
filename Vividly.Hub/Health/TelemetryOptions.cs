using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Health;

/// <summary>
/// The two standard OpenTelemetry variables the hub itself reads; the exporter reads the other
/// <c>OTEL_EXPORTER_OTLP_*</c> ones on its own.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Where the collector listens; unset, nothing is exported.</summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public string? OtlpEndpoint { get; set; }

    [ConfigurationKeyName("OTEL_SERVICE_NAME")]
    public string ServiceName { get; set; } = "vividly-hub";

    public bool Exports => !string.IsNullOrWhiteSpace(OtlpEndpoint);
}
