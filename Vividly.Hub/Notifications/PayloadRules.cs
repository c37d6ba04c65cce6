using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Notifications;

/// <summary>
/// What a payload may hold beyond being a JSON object: it must read back unchanged from either
/// store and be written to any client, whose JSON readers stop at 64 levels by default.
/// </summary>
public static class PayloadRules
{
    /// <summary>The payload object itself is level 1; each object or array inside it adds one.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Reading = new() { MaxDepth = ContractJson.MaxDepth, AllowDuplicateProperties = false };

    /// <summary>Why the payload is refused, or null when it may be stored.</summary>
    public static string? Check(JsonObject payload)
    {
        try
        {
            // Parsed again from its own JSON: a payload read off the wire keeps escapes unread until now.
            using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(payload, ContractJson.Options), Reading);
            return LevelsOf(document.RootElement, 0) > MaxDepth ? $"payload must nest at most {MaxDepth} levels of objects and arrays." : null;
        }
        catch (JsonException)
        {
            return "payload must not repeat a property name within one object.";
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reports an escaped lone surrogate (\ud800) only when the string is read.
            return "payload text must be valid Unicode: no unpaired surrogates in names or values.";
        }
    }

    /// <summary>
    /// The levels of objects and arrays in a container, itself included; counting stops past the
    /// limit. Every name and string is read on the way, which throws for invalid UTF-16.
    /// </summary>
    private static int LevelsOf(JsonElement container, int above)
    {
        var level = above + 1;
        if (level > MaxDepth) return level;
        var deepest = level;
        if (container.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in container.EnumerateObject())
            {
                _ = property.Name;
                deepest = Math.Max(deepest, LevelsWithin(property.Value, level));
            }
        }
        else
        {
            foreach (var item in container.EnumerateArray()) deepest = Math.Max(deepest, LevelsWithin(item, level));
        }
        return deepest;
    }

    private static int LevelsWithin(JsonElement value, int level)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) return LevelsOf(value, level);
        if (value.ValueKind == JsonValueKind.String) _ = value.GetString();
        return level;
    }
}
