using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vividly.LoadTest.Publishing;

/// <summary>
/// What a load notification carries: its run, its phase and when it was published, as a
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp; every client lives in this process, so
/// one monotonic clock times publish to delivery.
/// </summary>
internal static class LoadPayload
{
    public const string RunProperty = "load_run";
    public const string PhaseProperty = "phase";
    public const string SentAtProperty = "sent_at_ticks";

    public static JsonObject Create(string runId, int phase, long sentAt) => new()
    {
        [RunProperty] = runId,
        [PhaseProperty] = phase,
        [SentAtProperty] = sentAt,
    };

    public static bool TryRead(JsonObject? payload, string runId, out int phase, out long sentAt)
    {
        phase = 0;
        sentAt = 0;
        if (payload?[RunProperty] is not JsonValue run || run.GetValueKind() != JsonValueKind.String || run.GetValue<string>() != runId)
            return false;
        phase = payload[PhaseProperty]!.GetValue<int>();
        sentAt = payload[SentAtProperty]!.GetValue<long>();
        return true;
    }

    /// <summary>The same test on the raw JSON of a pushed notification.</summary>
    public static bool BelongsTo(JsonElement notification, string runId) =>
        notification.TryGetProperty("payload", out var payload)
        && payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty(RunProperty, out var run)
        && run.ValueKind == JsonValueKind.String
        && run.ValueEquals(runId);
}
