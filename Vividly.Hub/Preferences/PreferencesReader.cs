using System.Text.Json;

namespace Vividly.Hub.Preferences;

/// <summary>
/// Reads a <c>PUT /api/v1/preferences</c> body by hand, so every refusal names the field it is
/// about by its full path (<c>types.content_generation.failed.channels.email</c>).
/// </summary>
public static class PreferencesReader
{
    public static UserPreferences? ReadValid(JsonElement json, out Dictionary<string, string[]> errors)
    {
        var found = new Found();
        UserPreferences? update = null;
        try
        {
            update = Read(json, found);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate in a name or a text.
            found.Add("body", "Field names and texts must be valid Unicode.");
        }
        errors = found.ToErrors();
        return errors.Count == 0 ? update : null;
    }

    private static UserPreferences? Read(JsonElement json, Found found)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            found.Add("body", "Preferences are a JSON object.");
            return null;
        }
        var update = UserPreferences.Default;
        foreach (var (path, name, value) in Fields(json, "", found))
        {
            switch (name)
            {
                case "all":
                    update = update with { All = ReadLevel(value, path, lockedType: null, found) };
                    break;
                case "types":
                    update = update with { Types = ReadTypes(value, path, found) };
                    break;
                case "quiet_hours":
                    update = update with { QuietHours = ReadQuietHours(value, path, found) };
                    break;
                case "effective" or "updated_at":
                    // What GET adds: a client may send back what it read.
                    break;
                default:
                    found.Add(path, $"{path} is not a preferences field; they are all, types and quiet_hours.");
                    break;
            }
        }
        return update;
    }

    private static Dictionary<string, ChannelPreferences> ReadTypes(JsonElement json, string path, Found found)
    {
        var types = new Dictionary<string, ChannelPreferences>(StringComparer.Ordinal);
        if (!IsObject(json, path, found)) return types;
        foreach (var (typePath, type, value) in Fields(json, path, found))
        {
            if (!TypeDefaults.ByType.TryGetValue(type, out var defaults))
                found.Add(typePath, $"{type} is not a notification type; they are {string.Join(", ", TypeDefaults.ByType.Keys)}.");
            else if (value.ValueKind != JsonValueKind.Null)
                types[type] = ReadLevel(value, typePath, defaults.Locked ? type : null, found);
        }
        return types;
    }

    /// <param name="lockedType">The type when its email and push cannot be turned off.</param>
    private static ChannelPreferences ReadLevel(JsonElement json, string path, string? lockedType, Found found)
    {
        var level = ChannelPreferences.Unset;
        if (!IsObject(json, path, found)) return level;
        foreach (var (fieldPath, name, value) in Fields(json, path, found))
        {
            switch (name)
            {
                case "channels":
                    level = level with { Channels = ReadChannels(value, fieldPath, lockedType, found) };
                    break;
                case "email_cadence":
                    var cadence = ReadText(value, fieldPath, found);
                    if (cadence is null) break;
                    if (!EmailCadences.All.Contains(cadence))
                        found.Add(fieldPath, $"{fieldPath} must be one of {string.Join(", ", EmailCadences.All)}, or null.");
                    else if (lockedType is not null && cadence == EmailCadences.Off)
                        found.Add(fieldPath, $"Email for {lockedType} cannot be turned off.");
                    else
                        level = level with { EmailCadence = cadence };
                    break;
                default:
                    found.Add(fieldPath, $"{fieldPath} is not a field here; they are channels and email_cadence.");
                    break;
            }
        }
        return level;
    }

    private static ChannelChoices ReadChannels(JsonElement json, string path, string? lockedType, Found found)
    {
        var channels = ChannelChoices.Unset;
        if (!IsObject(json, path, found)) return channels;
        foreach (var (channelPath, channel, value) in Fields(json, path, found))
        {
            if (!NotificationChannels.All.Contains(channel))
            {
                found.Add(channelPath, $"{channel} is not a channel; they are {string.Join(", ", NotificationChannels.All)}.");
                continue;
            }
            bool? on = value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => Refuse(channelPath, $"{channelPath} must be true, false or null.", found),
            };
            if (on == false && channel == NotificationChannels.InApp)
                found.Add(channelPath, "In-app delivery cannot be turned off.");
            else if (on == false && lockedType is not null)
                found.Add(channelPath, $"{channel} for {lockedType} cannot be turned off.");
            else
                channels = channel switch
                {
                    NotificationChannels.InApp => channels with { InApp = on },
                    NotificationChannels.Email => channels with { Email = on },
                    _ => channels with { Push = on },
                };
        }
        return channels;
    }

    /// <summary>Fields left out, or null, keep their default.</summary>
    private static QuietHours ReadQuietHours(JsonElement json, string path, Found found)
    {
        var quiet = QuietHours.Default;
        if (!IsObject(json, path, found)) return quiet;
        foreach (var (fieldPath, name, value) in Fields(json, path, found))
        {
            switch (name)
            {
                case "enabled":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) quiet = quiet with { Enabled = value.GetBoolean() };
                    else if (value.ValueKind != JsonValueKind.Null) found.Add(fieldPath, $"{fieldPath} must be true or false.");
                    break;
                case "start" or "end":
                    if (ReadText(value, fieldPath, found) is not { } time) break;
                    if (!QuietHoursWindow.TryParseTime(time, out _)) found.Add(fieldPath, $"{fieldPath} must be a time of day as HH:mm, 00:00 to 23:59.");
                    else quiet = name == "start" ? quiet with { Start = time } : quiet with { End = time };
                    break;
                case "time_zone":
                    if (ReadText(value, fieldPath, found) is not { } zone) break;
                    if (QuietHoursWindow.FindZone(zone) is null) found.Add(fieldPath, $"{fieldPath} must be an IANA time zone id, such as Europe/Berlin.");
                    else quiet = quiet with { TimeZone = zone };
                    break;
                default:
                    found.Add(fieldPath, $"{fieldPath} is not a field here; they are enabled, start, end and time_zone.");
                    break;
            }
        }
        if (quiet.Start == quiet.End && !found.Has($"{path}.start") && !found.Has($"{path}.end"))
            found.Add($"{path}.end", "Quiet hours must end at another time than they start.");
        return quiet;
    }

    /// <summary>A text, or null when the value is null or not a text (refused).</summary>
    private static string? ReadText(JsonElement value, string path, Found found)
    {
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        if (value.ValueKind != JsonValueKind.Null) found.Add(path, $"{path} must be a string or null.");
        return null;
    }

    /// <summary>Whether the value is an object; null is one with nothing set.</summary>
    private static bool IsObject(JsonElement json, string path, Found found)
    {
        if (json.ValueKind == JsonValueKind.Object) return true;
        if (json.ValueKind != JsonValueKind.Null) found.Add(path, $"{path} must be an object or null.");
        return false;
    }

    /// <summary>An object's fields with their paths; a name given twice is refused, as it could mean either value.</summary>
    private static IEnumerable<(string Path, string Name, JsonElement Value)> Fields(JsonElement json, string path, Found found)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            var fieldPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            if (seen.Add(property.Name)) yield return (fieldPath, property.Name, property.Value);
            else found.Add(fieldPath, $"{fieldPath} is given more than once.");
        }
    }

    private static bool? Refuse(string path, string message, Found found)
    {
        found.Add(path, message);
        return null;
    }

    private sealed class Found
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
            messages.Add(message);
        }

        public bool Has(string field) => _errors.ContainsKey(field);

        public Dictionary<string, string[]> ToErrors() => _errors.ToDictionary(error => error.Key, error => error.Value.ToArray(), StringComparer.Ordinal);
    }
}
