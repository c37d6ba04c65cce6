using System.Data.Common;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>The <c>notifications</c> columns in the order every query selects them, and the rows read back.</summary>
internal static class NotificationRows
{
    public const string Columns = "id, seq, user_id, type, title, message, priority, payload, created_at, read_at, archived_at, snoozed_until, seen_at";

    /// <summary>What an action answers per notification it changed (<see cref="NotificationState"/>).</summary>
    public const string StateColumns = "id, read_at, archived_at, snoozed_until, seen_at";

    public static async Task<IReadOnlyList<Notification>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var items = new List<Notification>();
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new Notification(
                    reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : JsonNode.Parse(reader.GetString(7)) as JsonObject,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    TimeAt(reader, 9), TimeAt(reader, 10), TimeAt(reader, 11), TimeAt(reader, 12)));
            }
            return items;
        }
    }

    public static async Task<IReadOnlyList<NotificationState>> ReadStatesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var states = new List<NotificationState>();
            while (await reader.ReadAsync(cancellationToken))
                states.Add(new NotificationState(reader.GetString(0), TimeAt(reader, 1), TimeAt(reader, 2), TimeAt(reader, 3), TimeAt(reader, 4)));
            return states;
        }
    }

    private static DateTimeOffset? TimeAt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
