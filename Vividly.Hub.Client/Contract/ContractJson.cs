using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vividly.Hub.Client.Contract;

/// <summary>The wire's JSON conventions: snake_case names, RFC 3339 times, nulls written.</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the contract's conventions to options owned by a framework (SignalR, minimal APIs).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.PropertyNameCaseInsensitive = false;
        if (!options.Converters.Any(converter => converter is UtcTimestampConverter)) options.Converters.Add(new UtcTimestampConverter());
        return options;
    }
}
