using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Vividly.Observability.Logging;

public static class ServiceLoggingExtensions
{
    /// <summary>
    /// Outside Development the console writes <see cref="CloudLoggingFormatter"/> lines, which
    /// Cloud Run hands to Cloud Logging as structured entries; in Development it stays the
    /// human-readable default.
    /// </summary>
    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        // Request lines carry query strings (an EventSource's access_token among them): none reaches a log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        if (builder.Environment.IsDevelopment()) return builder;

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Logging.AddConsole(console => console.FormatterName = CloudLoggingFormatter.FormatterName);
        builder.Logging.AddConsoleFormatter<CloudLoggingFormatter, CloudLoggingFormatterOptions>(options =>
            options.ProjectId ??= builder.Configuration["GOOGLE_CLOUD_PROJECT"]);
        return builder;
    }
}
