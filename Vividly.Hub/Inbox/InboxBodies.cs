using System.Text.Json;
using Vividly.Hub.Notifications;

namespace Vividly.Hub.Inbox;

/// <summary>The inbox actions' request bodies, read by hand so that a bad one is answered naming its field.</summary>
internal static class InboxBodies
{
    public static async Task<Body<DateTimeOffset>> ReadSnoozeAsync(HttpRequest http, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(http, "until", cancellationToken);
        if (read.Refusal is { } refused) return new(default, refused);
        using var json = read.Document!;
        var raw = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("until", out var until) &&
            until.ValueKind == JsonValueKind.String ? until.GetString() : null;
        return SnoozeTimes.Parse(raw, now, out var error) is { } time ? new(time, null) : new(default, Problems.BadRequest("until", error));
    }

    public static async Task<Body<IReadOnlyList<string>?>> ReadSeenAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(http, "ids", cancellationToken);
        if (read.Refusal is { } refused) return new(null, refused);
        using var json = read.Document!;
        var refusal = new Body<IReadOnlyList<string>?>(null,
            Problems.BadRequest("ids", $"ids must be a list of 1 to {InboxChanges.MaxSeenIdsPerCall} notification ids."));
        if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("ids", out var ids) ||
            ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() is 0 or > InboxChanges.MaxSeenIdsPerCall ||
            ids.EnumerateArray().Any(id => id.ValueKind != JsonValueKind.String))
            return refusal;
        return new([.. ids.EnumerateArray().Select(id => id.GetString()!)], null);
    }

    /// <summary>No body at all means <c>archive: false</c>.</summary>
    public static async Task<Body<bool>> ReadRequestReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType() && (http.ContentLength ?? 0) == 0) return new(false, null);
        var read = await ReadAsync(http, "archive", cancellationToken);
        if (read.Refusal is { } refused) return new(false, refused);
        using var json = read.Document!;
        var root = json.RootElement;
        var archive = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("archive", out var given) ? given.ValueKind : JsonValueKind.Null;
        return root.ValueKind == JsonValueKind.Object && archive is JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False
            ? new(archive == JsonValueKind.True, null)
            : new(false, Problems.BadRequest("archive", "archive must be true or false, in a JSON object."));
    }

    /// <summary>A body that is not JSON breaks in its one field.</summary>
    private static Task<JsonBody> ReadAsync(HttpRequest http, string field, CancellationToken cancellationToken) =>
        JsonBody.ReadAsync(http, InboxStateApi.MaxBodyBytes, "An inbox request", _ => field, cancellationToken);

    public readonly record struct Body<T>(T Value, IResult? Refusal);
}
