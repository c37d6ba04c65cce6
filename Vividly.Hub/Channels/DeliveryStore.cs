using System.Data.Common;
using System.Globalization;
using Npgsql;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Channels;

/// <summary>
/// The <c>outbox</c> and <c>deliveries</c> tables on either engine, over the inbox's connections
/// (and, on SQLite, its one writer). Claims are conditional updates that set a lease: a row is
/// taken only when no live lease holds it, and the condition is checked again on the row the
/// update changes, so two dispatchers never take the same row. On PostgreSQL the candidates are
/// picked <c>FOR UPDATE SKIP LOCKED</c>, so dispatchers pass over each other's rows instead of
/// waiting on them; SQLite has one writer, so its claims never overlap.
/// </summary>
public sealed class DeliveryStore(IInboxDatabase database, TimeProvider timeProvider)
{
    private const string Claimable =
        "((status IN ('pending', 'held') AND due_at <= @now) OR (status = 'sending' AND lease_until <= @now))";

    public Task<IReadOnlyList<OutboxClaim>> ClaimOutboxAsync(string holder, TimeSpan lease, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<OutboxClaim>>(async (connection, transaction) =>
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await using var command = Command(connection, transaction,
                $"""
                UPDATE outbox SET lease_holder = @holder, lease_until = @until
                WHERE lease_until <= @now AND notification_id IN (
                    SELECT notification_id FROM outbox WHERE lease_until <= @now ORDER BY created_at LIMIT @limit{SkipLocked(connection)})
                RETURNING notification_id, user_id
                """,
                ("holder", holder), ("until", now + (long)lease.TotalMilliseconds), ("now", now), ("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var claims = new List<OutboxClaim>();
            while (await reader.ReadAsync(cancellationToken)) claims.Add(new OutboxClaim(reader.GetString(0), reader.GetString(1)));
            return claims;
        }, cancellationToken);

    /// <summary>
    /// Stores the routing of one claimed notification and removes its outbox row, together. A
    /// channel already routed (a claim that lapsed and was taken again) keeps its first row.
    /// </summary>
    public Task RecordRoutesAsync(
        string holder, OutboxClaim claim, string type, IReadOnlyList<RoutedDelivery> routes, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = timeProvider.GetUtcNow();
            foreach (var route in routes)
            {
                await ExecuteAsync(Command(connection, transaction,
                    """
                    INSERT INTO deliveries (id, notification_id, user_id, channel, type, status, reason, due_at, created_at, updated_at)
                    VALUES (@id, @notification, @user, @channel, @type, @status, @reason, @due, @now, @now)
                    ON CONFLICT (notification_id, channel) DO NOTHING
                    """,
                    ("id", NotificationId.New(now)), ("notification", claim.NotificationId), ("user", claim.UserId), ("channel", route.Channel),
                    ("type", type), ("status", route.Status), ("reason", route.Reason), ("due", route.DueAt?.ToUnixTimeMilliseconds()),
                    ("now", now.ToUnixTimeMilliseconds())), cancellationToken);
            }
            await ExecuteAsync(Command(connection, transaction, "DELETE FROM outbox WHERE notification_id = @id AND lease_holder = @holder",
                ("id", claim.NotificationId), ("holder", holder)), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Takes pending and held deliveries that are due, and sends whose lease lapsed, counting the attempt each is about to make.</summary>
    public Task<IReadOnlyList<SendClaim>> ClaimSendsAsync(string holder, TimeSpan lease, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<SendClaim>>(async (connection, transaction) =>
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await using var command = Command(connection, transaction,
                $"""
                UPDATE deliveries SET status = 'sending', lease_holder = @holder, lease_until = @until, attempts = attempts + 1, updated_at = @now
                WHERE {Claimable} AND id IN (
                    SELECT id FROM deliveries WHERE {Claimable} ORDER BY due_at LIMIT @limit{SkipLocked(connection)})
                RETURNING id, notification_id, user_id, channel, attempts
                """,
                ("holder", holder), ("until", now + (long)lease.TotalMilliseconds), ("now", now), ("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var claims = new List<SendClaim>();
            while (await reader.ReadAsync(cancellationToken))
            {
                claims.Add(new SendClaim(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture)));
            }
            return claims;
        }, cancellationToken);

    /// <summary>Stores how a send ended, if this holder still holds it; answers whether it did.</summary>
    public Task<bool> CompleteAsync(string holder, string deliveryId, SendResult result, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var changed = await ExecuteAsync(Command(connection, transaction,
                """
                UPDATE deliveries SET status = @status, reason = COALESCE(@reason, reason), last_error = COALESCE(@error, last_error),
                    due_at = @due, provider_message_id = COALESCE(@provider, provider_message_id),
                    sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END,
                    lease_holder = NULL, lease_until = NULL, updated_at = @now
                WHERE id = @id AND status = 'sending' AND lease_holder = @holder
                """,
                ("status", result.Status), ("reason", result.Reason), ("error", result.LastError), ("due", result.DueAt?.ToUnixTimeMilliseconds()),
                ("provider", result.ProviderMessageId), ("now", now), ("id", deliveryId), ("holder", holder)), cancellationToken);
            return changed == 1;
        }, cancellationToken);

    /// <summary>Gives back claimed sends not tried: due again at once, their claimed attempt uncounted.</summary>
    public Task ReleaseAsync(string holder, IReadOnlyList<string> deliveryIds, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var id in deliveryIds)
            {
                await ExecuteAsync(Command(connection, transaction,
                    """
                    UPDATE deliveries SET status = 'pending', due_at = @now, attempts = attempts - 1, lease_holder = NULL, lease_until = NULL, updated_at = @now
                    WHERE id = @id AND status = 'sending' AND lease_holder = @holder
                    """, ("now", now), ("id", id), ("holder", holder)), cancellationToken);
            }
            return true;
        }, cancellationToken);

    public Task<Notification?> FindNotificationAsync(string notificationId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await NotificationRows.ReadAsync(Command(connection, null,
                $"SELECT {NotificationRows.Columns} FROM notifications WHERE id = @id", ("id", notificationId)), cancellationToken);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    /// <summary>The notification's deliveries when <paramref name="userId"/> (null: anyone) owns it; null when no such notification or deliveries exist.</summary>
    public Task<IReadOnlyList<DeliveryView>?> ListAsync(string notificationId, string? userId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DeliveryView>?>(async connection =>
        {
            var views = new List<DeliveryView>();
            // Untyped nulls cannot be compared on PostgreSQL, so the owner's filter is left out rather than passed as null.
            var owner = userId is null ? "" : " AND user_id = @user";
            await using (var command = Command(connection, null,
                $"""
                SELECT id, channel, status, reason, last_error, attempts, due_at, created_at, sent_at, delivered_at, opened_at, clicked_at, bounced_at, updated_at
                FROM deliveries WHERE notification_id = @id{owner} ORDER BY channel
                """, ("id", notificationId), ("user", userId)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    views.Add(new DeliveryView(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), Text(reader, 4),
                        Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), Time(reader, 6), Time(reader, 7)!.Value, Time(reader, 8),
                        Time(reader, 9), Time(reader, 10), Time(reader, 11), Time(reader, 12), Time(reader, 13)!.Value));
                }
            }
            if (views.Count > 0) return views;
            // Stored but not routed yet: the owner sees an empty list, anyone else nothing.
            var owned = await ScalarAsync(Command(connection, null,
                $"SELECT 1 FROM notifications WHERE id = @id{owner}", ("id", notificationId), ("user", userId)), cancellationToken);
            return owned is null ? null : views;
        }, cancellationToken);

    public Task<IReadOnlyList<DeliveryMetricsRow>> MetricsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DeliveryMetricsRow>>(async connection =>
        {
            await using var command = Command(connection, null,
                """
                SELECT channel, type, COUNT(sent_at), COUNT(delivered_at), COUNT(opened_at), COUNT(clicked_at), COUNT(bounced_at)
                FROM deliveries WHERE created_at >= @from AND created_at < @to
                GROUP BY channel, type ORDER BY channel, type
                """, ("from", from.ToUnixTimeMilliseconds()), ("to", to.ToUnixTimeMilliseconds()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<DeliveryMetricsRow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var counts = Enumerable.Range(2, 5).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray();
                var sent = counts[0];
                rows.Add(new DeliveryMetricsRow(reader.GetString(0), reader.GetString(1), sent, counts[1], counts[2], counts[3], counts[4],
                    Rate(counts[2], sent), Rate(counts[3], sent), Rate(counts[4], sent)));
            }
            return rows;
        }, cancellationToken);

    private static double? Rate(long count, long sent) => sent == 0 ? null : (double)count / sent;

    private static string SkipLocked(DbConnection connection) => connection is NpgsqlConnection ? " FOR UPDATE SKIP LOCKED" : "";

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
}
