using System.ComponentModel.DataAnnotations;

namespace Vividly.Worker.Publishing;

/// <summary>The hub the worker publishes to and how it signs in.</summary>
public sealed class WorkerHubOptions
{
    [Required]
    [ConfigurationKeyName("HUB_URL")]
    public Uri HubUrl { get; set; } = new("http://localhost:5080");

    /// <summary>A ready publisher token; unset, the worker signs its own with <c>SECRET_KEY</c>.</summary>
    [ConfigurationKeyName("HUB_ACCESS_TOKEN")]
    public string? AccessToken { get; set; }

    [ConfigurationKeyName("SECRET_KEY")]
    public string? SecretKey { get; set; }

    [ConfigurationKeyName("JWT_ISSUER")]
    public string Issuer { get; set; } = Hub.Client.Auth.HubTokenSettings.DefaultIssuer;

    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string Audience { get; set; } = Hub.Client.Auth.HubTokenSettings.DefaultAudience;
}
