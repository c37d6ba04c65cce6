using System.ComponentModel.DataAnnotations;
using System.Globalization;
using StackExchange.Redis;

namespace StockHub;

/// <summary>The settings the baseline shares with the hub it is measured beside.</summary>
public sealed class StockOptions : IValidatableObject
{
    [Required, MinLength(32)]
    [ConfigurationKeyName("SECRET_KEY")]
    public string SecretKey { get; set; } = "";

    [Required]
    [ConfigurationKeyName("JWT_ISSUER")]
    public string Issuer { get; set; } = "vividly";

    [Required]
    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string Audience { get; set; } = "vividly-realtime";

    /// <summary><c>redis://host:port[/db]</c>: the backplane, and each user's seq and list.</summary>
    [Required]
    [ConfigurationKeyName("REDIS_URL")]
    public string RedisUrl { get; set; } = "";

    public ConfigurationOptions RedisConfiguration()
    {
        var uri = new Uri(RedisUrl);
        var configuration = new ConfigurationOptions();
        configuration.EndPoints.Add(uri.Host, uri.Port > 0 ? uri.Port : 6379);
        if (int.TryParse(uri.AbsolutePath.Trim('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            configuration.DefaultDatabase = database;
        return configuration;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(RedisUrl, UriKind.Absolute, out var uri) || uri.Scheme != "redis")
            yield return new ValidationResult("REDIS_URL must be redis://host:port[/db].", [nameof(RedisUrl)]);
    }
}
