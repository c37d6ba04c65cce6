using System.Data.Common;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>The <c>notifications</c> columns in the order every query selects them, and the rows read back.</summary>
internal static class NotificationRows
{
    public const string Columns = "id, seq, user_id, type, title, message, priority, payload, created_at, read_at";

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
                    reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
            }
            return items;
        }
    }
}
