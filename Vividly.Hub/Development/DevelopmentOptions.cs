using Microsoft.Extensions.Configuration;

namespace Vividly.Hub.Development;

/// <summary>Where the demo's video requests go (<c>WORKER_URL</c>); read only in Development.</summary>
public sealed class DevelopmentOptions
{
    [ConfigurationKeyName("WORKER_URL")]
    public string WorkerUrl { get; set; } = "http://localhost:5081";
}
