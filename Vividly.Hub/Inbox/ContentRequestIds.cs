using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Inbox;

/// <summary>
/// A notification's <c>content_request_id</c>, taken from its payload. Only a string a client can
/// name in a URL and PostgreSQL can index is stored; anything else leaves the column null.
/// </summary>
public static class ContentRequestIds
{
    public const int MaxLength = 256;

    public const string PayloadKey = "content_request_id";

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && !string.IsNullOrWhiteSpace(value) && TextRules.IsWellFormed(value) && TextRules.HasNoControls(value);

    public static string? Of(JsonObject? payload) =>
        payload?[PayloadKey] is JsonValue value && value.GetValueKind() == JsonValueKind.String &&
        value.GetValue<string>() is var id && IsValid(id)
            ? id
            : null;
}
