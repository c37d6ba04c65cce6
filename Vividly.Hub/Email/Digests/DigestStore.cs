using System.Globalization;
using Vividly.Hub.Channels;
using Vividly.Hub.Inbox;
using Vividly.Hub.Preferences;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Email.Digests;

/// <summary>
/// The <c>digest_windows</c> table and the digest deliveries it takes. A window is claimed in the
/// transaction that gives it its deliveries (<c>digest_id</c>, status <c>sending</c>), under a
/// unique (user, cadence, end): whichever instance or run claims it first sends it, once.
/// </summary>
public sealed class DigestStore(IInboxDatabase database, TimeProvider timeProvider)
{
    public Task<IReadOnlyList<DigestBacklog>> BacklogAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DigestBacklog>>(async connection =>
        {
            await using var command = Command(connection, null,
                $"""
                SELECT user_id, reason, MIN(created_at) FROM deliveries
                WHERE status = '{DeliveryStatuses.Digest}' AND channel = '{NotificationChannels.Email}'
                GROUP BY user_id, reason
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var backlog = new List<DigestBacklog>();
            while (await reader.ReadAsync(cancellationToken))
            {
                backlog.Add(new DigestBacklog(reader.GetString(0), reader.GetString(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture))));
            }
            return backlog;
        }, cancellationToken);

    /// <summary>Claims the window ending at <paramref name="end"/> with the deliveries created before it; false when it was claimed already.</summary>
    public Task<bool> ClaimAsync(string userId, string cadence, DateTimeOffset end, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = timeProvider.GetUtcNow();
            var id = NotificationId.New(now);
            var claimed = await ExecuteAsync(Command(connection, transaction,
                """
                INSERT INTO digest_windows (id, user_id, cadence, window_end, status, attempts, due_at, created_at, updated_at)
                VALUES (@id, @user, @cadence, @end, @status, 0, @now, @now, @now)
                ON CONFLICT (user_id, cadence, window_end) DO NOTHING
                """,
                ("id", id), ("user", userId), ("cadence", cadence), ("end", end.ToUnixTimeMilliseconds()),
                ("status", DigestWindowStatuses.Claimed), ("now", now.ToUnixTimeMilliseconds())), cancellationToken);
            if (claimed == 0) return false;
            await ExecuteAsync(Command(connection, transaction,
                $"""
                UPDATE deliveries SET status = '{DeliveryStatuses.Sending}', digest_id = @id, updated_at = @now
                WHERE user_id = @user AND channel = '{NotificationChannels.Email}' AND status = '{DeliveryStatuses.Digest}'
                    AND reason = @cadence AND created_at < @end
                """,
                ("id", id), ("user", userId), ("cadence", cadence), ("end", end.ToUnixTimeMilliseconds()), ("now", now.ToUnixTimeMilliseconds())), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Claimed windows due to be sent: just claimed, waiting for a retry, or left by a run that stopped part way.</summary>
    public Task<IReadOnlyList<DigestWindow>> DueAsync(int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DigestWindow>>(async connection =>
        {
            await using var command = Command(connection, null,
                "SELECT id, user_id, cadence, window_end, attempts FROM digest_windows WHERE status = @status AND due_at <= @now ORDER BY due_at LIMIT @limit",
                ("status", DigestWindowStatuses.Claimed), ("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()), ("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var windows = new List<DigestWindow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                windows.Add(new DigestWindow(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)),
                    Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture)));
            }
            return windows;
        }, cancellationToken);

    /// <summary>The window's deliveries still to send, oldest first, with their notifications as they are now.</summary>
    public Task<IReadOnlyList<DigestItem>> ItemsAsync(string windowId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DigestItem>>(async connection =>
        {
            var rows = new List<(string Id, string NotificationId, string Type)>();
            await using (var command = Command(connection, null,
                $"SELECT id, notification_id, type FROM deliveries WHERE digest_id = @id AND status = '{DeliveryStatuses.Sending}' ORDER BY created_at, id",
                ("id", windowId)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
            var notifications = (await NotificationRows.ReadAsync(Command(connection, null,
                $"""
                SELECT {NotificationRows.Columns} FROM notifications
                WHERE id IN (SELECT notification_id FROM deliveries WHERE digest_id = @id AND status = '{DeliveryStatuses.Sending}')
                """, ("id", windowId)), cancellationToken)).ToDictionary(n => n.Id);
            return [.. rows.Select(row => new DigestItem(row.Id, row.Type, notifications.GetValueOrDefault(row.NotificationId)))];
        }, cancellationToken);

    /// <summary>Stores how a window's send ended, and its deliveries', together.</summary>
    public Task CompleteAsync(DigestWindow window, DigestResult result, string? providerMessageId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await ExecuteAsync(Command(connection, transaction,
                """
                UPDATE digest_windows SET status = @status, last_error = COALESCE(@error, last_error), attempts = attempts + 1,
                    due_at = COALESCE(@due, due_at), updated_at = @now
                WHERE id = @id
                """,
                ("status", result.Status), ("error", result.LastError), ("due", result.DueAt?.ToUnixTimeMilliseconds()), ("now", now), ("id", window.Id)),
                cancellationToken);
            foreach (var (deliveryId, status, reason) in result.Deliveries)
            {
                await ExecuteAsync(Command(connection, transaction,
                    $"""
                    UPDATE deliveries SET status = @status, reason = COALESCE(@reason, reason), last_error = COALESCE(@error, last_error),
                        provider_message_id = COALESCE(@provider, provider_message_id), attempts = attempts + 1,
                        sent_at = CASE WHEN @status = '{DeliveryStatuses.Sent}' THEN @now ELSE sent_at END, updated_at = @now
                    WHERE id = @id AND digest_id = @window AND status = '{DeliveryStatuses.Sending}'
                    """,
                    ("status", status), ("reason", reason), ("error", result.LastError), ("provider", providerMessageId), ("now", now),
                    ("id", deliveryId), ("window", window.Id)), cancellationToken);
            }
            return true;
        }, cancellationToken);
}
