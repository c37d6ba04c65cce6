using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Turns a publish's JSON into a request the same way for REST and the hub, so every refusal
/// names the wire field it is about instead of failing the call as a whole.
/// </summary>
public static class PublishRequestReader
{
    /// <summary>Reads and validates: the notification to store, or null and the errors by field.</summary>
    public static NewNotification? ReadValid(JsonElement json, out Dictionary<string, string[]> errors)
    {
        if (Read(json, out errors) is not { } request) return null;
        errors = PublishValidator.Validate(request, out var notification);
        return notification;
    }

    /// <summary>The top-level field whose value the JSON stops being JSON in; "body" when that is before any field.</summary>
    public static string FieldWhereJsonBreaks(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = json.Length + 1 });
        var field = "body";
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName) field = reader.GetString()!;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Where it broke is all this reading is for.
        }
        return field;
    }

    /// <summary>The top-level field a JSON path is in: <c>$.payload.a[3]</c> is payload's, <c>$['user_id']</c> user_id's, <c>$</c> the body's.</summary>
    private static string FieldOf(string? path)
    {
        if (path is null || path.Length < 2) return "body";
        var rest = path[1] == '.' ? path[2..] : path.StartsWith("$['", StringComparison.Ordinal) ? path[3..] : "";
        var end = rest.IndexOfAny(['.', '[', '\'']);
        var field = end < 0 ? rest : rest[..end];
        return field.Length == 0 ? "body" : field;
    }

    private static PublishRequest? Read(JsonElement json, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["A publish request is a JSON object."];
            return null;
        }
        try
        {
            // A field given twice would mean the last one here and perhaps the first to whoever checked the request before.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in json.EnumerateObject())
            {
                if (!seen.Add(property.Name)) errors[property.Name] = [$"{property.Name} is given more than once."];
            }
            return errors.Count > 0 ? null : json.Deserialize<PublishRequest>(ContractJson.Options);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            errors[field] = [field == "payload"
                ? $"payload must be a JSON object nesting at most {PayloadRules.MaxDepth} levels, its text valid Unicode."
                : $"{field} must be of the contract's type and, if text, valid Unicode."];
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate in a field's name.
            errors["body"] = ["Field names must be valid Unicode."];
        }
        return null;
    }
}
