using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vividly.Hub.Client.Contract;

/// <summary>The wire's JSON conventions: snake_case names, RFC 3339 times, nulls written.</summary>
public static class ContractJson
{
    /// <summary>
    /// How deep contract JSON may nest when read or written: well above the deepest payload the hub
    /// accepts, so a payload that is too deep is refused by name instead of failing to parse.
    /// </summary>
    public const int MaxDepth = 128;

    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the contract's conventions to options owned by a framework (SignalR, minimal APIs).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.PropertyNameCaseInsensitive = false;
        options.MaxDepth = MaxDepth;
        if (!options.Converters.Any(converter => converter is UtcTimestampConverter)) options.Converters.Add(new UtcTimestampConverter());
        return options;
    }
}
