using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Channels;

/// <summary>
/// Records provider and engagement events on their delivery: the first time of each kind is kept
/// (a repeat changes nothing), and the status only moves forward, sent → delivered → bounced →
/// opened → clicked, so an open reported after a click keeps <c>clicked</c> but records its time.
/// Spam reports and unsubscribes are times only. An event for a delivery not yet recorded as sent
/// keeps its time; an unknown delivery id is ignored (a forged or expired link).
/// </summary>
public sealed class DeliveryEvents(IInboxDatabase database, DeliveryMetrics metrics, TimeProvider timeProvider) : IDeliveryEvents
{
    private const string Rank =
        "CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'bounced' THEN 3 WHEN 'opened' THEN 4 WHEN 'clicked' THEN 5 ELSE 0 END";

    private static readonly Dictionary<string, (string Column, int Rank)> Kinds = new()
    {
        [DeliveryEventKinds.Delivered] = ("delivered_at", 2),
        [DeliveryEventKinds.Bounced] = ("bounced_at", 3),
        [DeliveryEventKinds.Opened] = ("opened_at", 4),
        [DeliveryEventKinds.Clicked] = ("clicked_at", 5),
        [DeliveryEventKinds.SpamReport] = ("spamreport_at", 0),
        [DeliveryEventKinds.Unsubscribed] = ("unsubscribed_at", 0),
    };

    public async Task RecordAsync(string deliveryId, string kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!Kinds.TryGetValue(kind, out var target)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such delivery event.");
        var status = target.Rank == 0 ? "status" : $"CASE WHEN {Rank} BETWEEN 1 AND {target.Rank - 1} THEN '{kind}' ELSE status END";
        var first = await database.WriteAsync(async (connection, transaction) =>
        {
            // Only the first event of a kind changes the row, so repeats are counted once.
            await using var command = Command(connection, transaction,
                $"""
                UPDATE deliveries SET {target.Column} = @at, status = {status}, updated_at = @now
                WHERE id = @id AND {target.Column} IS NULL
                RETURNING channel, type
                """,
                ("at", at.ToUnixTimeMilliseconds()), ("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()), ("id", deliveryId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : default((string, string)?);
        }, cancellationToken);
        if (first is { } row) metrics.Event(row.Item1, row.Item2, kind);
    }
}
