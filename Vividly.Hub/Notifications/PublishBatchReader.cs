using System.Globalization;
using System.Text.Json;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Reads a publish batch, <c>{ "requests": [ … ] }</c>, as far as the batch as a whole goes; each
/// request is then read on its own by <see cref="PublishRequestReader"/>.
/// </summary>
public static class PublishBatchReader
{
    public const string RequestsField = "requests";

    private static readonly string CountRule =
        string.Create(CultureInfo.InvariantCulture, $"{RequestsField} must be a list of 1 to {PublishBatchRequest.MaxRequests} publish requests.");

    /// <summary>The batch's requests, or null and the errors by field.</summary>
    public static IReadOnlyList<JsonElement>? ReadRequests(JsonElement json, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["A publish batch is a JSON object: { \"requests\": [ … ] }."];
            return null;
        }

        JsonElement? requests = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var property in json.EnumerateObject())
            {
                if (!seen.Add(property.Name)) errors[property.Name] = [$"{property.Name} is given more than once."];
                else if (property.Name == RequestsField) requests = property.Value;
            }
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate in a field's name.
            errors["body"] = ["Field names must be valid Unicode."];
        }
        if (errors.Count > 0) return null;

        if (requests is not { ValueKind: JsonValueKind.Array } list)
        {
            errors[RequestsField] = [CountRule];
            return null;
        }
        var count = list.GetArrayLength();
        if (count is 0 or > PublishBatchRequest.MaxRequests)
        {
            errors[RequestsField] = [string.Create(CultureInfo.InvariantCulture, $"{CountRule} This one holds {count}.")];
            return null;
        }
        return [.. list.EnumerateArray()];
    }

    /// <summary>
    /// Where a batch stops being JSON, as precisely as its shape allows: <c>requests[3].title</c>,
    /// <c>requests[3]</c>, a top-level field, or "body" when that is before any field.
    /// </summary>
    public static string FieldWhereJsonBreaks(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = json.Length + 1 });
        var field = "body";
        string? top = null;
        var inList = false;
        var index = -1;
        try
        {
            while (reader.Read())
            {
                switch (reader.CurrentDepth, reader.TokenType)
                {
                    case (1, JsonTokenType.PropertyName):
                        field = top = reader.GetString()!;
                        inList = false;
                        index = -1;
                        break;
                    case (1, JsonTokenType.StartArray):
                        inList = true;
                        break;
                    case (2, JsonTokenType.EndArray or JsonTokenType.EndObject) when inList:
                        // Between requests: in the list, in none of them.
                        field = top!;
                        break;
                    case (2, not (JsonTokenType.PropertyName or JsonTokenType.Comment)) when inList:
                        field = string.Create(CultureInfo.InvariantCulture, $"{top}[{++index}]");
                        break;
                    case (3, JsonTokenType.PropertyName) when inList:
                        field = string.Create(CultureInfo.InvariantCulture, $"{top}[{index}].{reader.GetString()}");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Where it broke is all this reading is for.
        }
        return field;
    }
}
