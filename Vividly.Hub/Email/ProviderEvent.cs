using System.Text.Json;

namespace Vividly.Hub.Email;

/// <summary>One event of the provider's event webhook (SendGrid's shape).</summary>
public sealed record ProviderEvent(string EventId, string Event, string Email, DateTimeOffset At, string? DeliveryId, string? MessageId)
{
    /// <summary>The event names taken; any other is refused, naming the field.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "processed", "delivered", "deferred", "dropped", "bounce", "open", "click", "spamreport", "unsubscribe",
    };

    /// <summary>What the event means for the delivery (<c>IDeliveryEvents</c> kinds), or null when it means nothing for it.</summary>
    public string? DeliveryKind => Event switch
    {
        "delivered" => "delivered",
        "open" => "opened",
        "click" => "clicked",
        "bounce" => "bounced",
        "spamreport" => "spamreport",
        "unsubscribe" => "unsubscribed",
        _ => null,
    };

    /// <summary>The events of a webhook body, or null with <paramref name="errors"/> naming each bad field (as <c>[i].field</c>).</summary>
    public static IReadOnlyList<ProviderEvent>? ReadAll(JsonElement body, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (body.ValueKind != JsonValueKind.Array)
        {
            errors["body"] = ["The body must be a JSON array of events."];
            return null;
        }
        var events = new List<ProviderEvent>();
        var index = 0;
        foreach (var item in body.EnumerateArray())
        {
            if (Read(item, $"[{index}]", errors) is { } read) events.Add(read);
            index++;
        }
        return errors.Count == 0 ? events : null;
    }

    private static ProviderEvent? Read(JsonElement item, string at, Dictionary<string, string[]> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors[at] = ["An event must be a JSON object."];
            return null;
        }
        var eventId = Text(item, "sg_event_id", at, errors, required: true);
        var name = Text(item, "event", at, errors, required: true);
        var email = Text(item, "email", at, errors, required: true);
        var deliveryId = Text(item, "delivery_id", at, errors, required: false);
        var messageId = Text(item, "sg_message_id", at, errors, required: false);
        if (name is not null && !Names.Contains(name)) errors[$"{at}.event"] = [$"'{name}' is not an event this webhook takes."];
        if (email is not null && !EmailAddresses.IsValid(email)) errors[$"{at}.email"] = ["Must be an email address."];
        DateTimeOffset? when = null;
        if (!item.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number
            || !timestamp.TryGetInt64(out var seconds) || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            errors[$"{at}.timestamp"] = ["Required: seconds since the Unix epoch."];
        else
            when = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return eventId is null || name is null || email is null || when is null || errors.Keys.Any(k => k.StartsWith(at + ".", StringComparison.Ordinal))
            ? null
            : new ProviderEvent(eventId, name, email, when.Value, deliveryId, messageId);
    }

    private static string? Text(JsonElement item, string field, string at, Dictionary<string, string[]> errors, bool required)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) errors[$"{at}.{field}"] = ["Required."];
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= 256 } text)
        {
            errors[$"{at}.{field}"] = ["Must be a string of 1 to 256 characters."];
            return null;
        }
        return text;
    }
}
