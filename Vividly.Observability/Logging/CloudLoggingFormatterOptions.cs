using Microsoft.Extensions.Logging.Console;

namespace Vividly.Observability.Logging;

public sealed class CloudLoggingFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>
    /// The Google Cloud project whose Cloud Trace holds the traces (<c>GOOGLE_CLOUD_PROJECT</c>):
    /// set, a line's trace is written as the resource name Cloud Logging links to the trace;
    /// unset, as the bare trace id.
    /// </summary>
    public string? ProjectId { get; set; }
}
