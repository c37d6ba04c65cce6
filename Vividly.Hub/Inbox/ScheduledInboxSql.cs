using System.Data.Common;
using Vividly.Hub.Client.Contract;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The SQL behind <see cref="IInboxMaintenance"/>, in what SQLite and PostgreSQL both speak, run
/// on the store's database or inside the transaction it hands in.
/// </summary>
internal sealed class ScheduledInboxSql(TimeProvider timeProvider, int maxPerUser)
{
    /// <summary>
    /// <see cref="IInboxMaintenance.ReturnSnoozedAsync"/> on the store's database: one transaction
    /// per user, so a user's row lock is held only while its own notifications move.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> ReturnSnoozedAsync(IInboxDatabase database, DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        await database.WriteAsync((connection, transaction) => EndArchivedSnoozesAsync(connection, transaction, dueBy, cancellationToken), cancellationToken);
        var due = await database.ReadAsync(connection => FindDueAsync(connection, dueBy, limit, cancellationToken), cancellationToken);
        var returned = new List<Notification>(due.Count);
        foreach (var user in due.GroupBy(d => d.UserId, StringComparer.Ordinal))
        {
            var ids = user.Select(d => d.Id).ToList();
            returned.AddRange(await database.WriteAsync((connection, transaction) =>
                ReturnAsync(connection, transaction, user.Key, ids, dueBy, cancellationToken), cancellationToken));
        }
        return returned;
    }

    /// <summary>A snooze of an archived notification ends where it is: archived, it is not returned.</summary>
    private static Task<int> EndArchivedSnoozesAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset dueBy, CancellationToken cancellationToken) =>
        ExecuteAsync(Command(connection, transaction,
            "UPDATE notifications SET snoozed_until = NULL WHERE snoozed_until IS NOT NULL AND snoozed_until <= @due AND archived_at IS NOT NULL",
            ("due", dueBy.ToUnixTimeMilliseconds())), cancellationToken);

    /// <summary>Which notifications are due back, the earliest snooze first and each user's in seq order.</summary>
    private static async Task<IReadOnlyList<(string UserId, string Id)>> FindDueAsync(DbConnection connection, DateTimeOffset dueBy, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null,
            """
            SELECT user_id, id FROM notifications
            WHERE snoozed_until IS NOT NULL AND snoozed_until <= @due AND archived_at IS NULL
            ORDER BY snoozed_until, user_id, seq LIMIT @limit
            """, ("due", dueBy.ToUnixTimeMilliseconds()), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken)) due.Add((reader.GetString(0), reader.GetString(1)));
        return due;
    }

    /// <summary>
    /// Moves one user's due notifications to its next seqs, in the order given, inside the caller's
    /// transaction. Each bumps <c>inbox_users.last_seq</c> first, the row lock appends take, so
    /// seqs stay strictly increasing and are never reused; the cap is then held as an append holds
    /// it. A notification unsnoozed or removed since it was found gives its seq back, still under
    /// that lock, so no seq is skipped.
    /// </summary>
    private async Task<IReadOnlyList<Notification>> ReturnAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyList<string> ids, DateTimeOffset dueBy, CancellationToken cancellationToken)
    {
        var returned = new List<Notification>(ids.Count);
        long lastSeq = 0;
        foreach (var id in ids)
        {
            var seq = (long)(await ScalarAsync(Command(connection, transaction,
                "UPDATE inbox_users SET last_seq = last_seq + 1 WHERE user_id = @user RETURNING last_seq", ("user", userId)), cancellationToken))!;
            var moved = await NotificationRows.ReadAsync(Command(connection, transaction,
                $"""
                UPDATE notifications SET seq = @seq, snoozed_until = NULL
                WHERE user_id = @user AND id = @id AND snoozed_until IS NOT NULL AND snoozed_until <= @due AND archived_at IS NULL
                RETURNING {NotificationRows.Columns}
                """, ("seq", seq), ("user", userId), ("id", id), ("due", dueBy.ToUnixTimeMilliseconds())), cancellationToken);
            if (moved.Count == 0)
            {
                await ExecuteAsync(Command(connection, transaction, "UPDATE inbox_users SET last_seq = last_seq - 1 WHERE user_id = @user",
                    ("user", userId)), cancellationToken);
                continue;
            }
            // A publisher repeating the notification's key is answered where it now is.
            await ExecuteAsync(Command(connection, transaction, "UPDATE publish_keys SET seq = @seq WHERE user_id = @user AND id = @id",
                ("seq", seq), ("user", userId), ("id", id)), cancellationToken);
            await InboxSql.TrimAsync(connection, transaction, userId, seq - maxPerUser, cancellationToken);
            returned.Add(moved[0]);
            lastSeq = seq;
        }
        // Only when more came back at once than the cap keeps: the first of them are gone again.
        return returned.Where(n => n.Seq > lastSeq - maxPerUser).ToList();
    }

    /// <summary>
    /// Read before the cutoff, so created before it too: the condition on <c>created_at</c> lets
    /// the store walk its index on creation time rather than every row. Repeated outside the
    /// subquery so a row changed meanwhile is judged as it now is.
    /// </summary>
    public async Task<IReadOnlyList<ArchivedNotification>> ArchiveReadBeforeAsync(
        DbConnection connection, DbTransaction transaction, DateTimeOffset readBefore, int limit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            $"""
            UPDATE notifications SET archived_at = @now
            WHERE read_at < @cutoff AND archived_at IS NULL AND snoozed_until IS NULL AND id IN (
                SELECT id FROM notifications
                WHERE created_at < @cutoff AND read_at < @cutoff AND archived_at IS NULL AND snoozed_until IS NULL
                LIMIT @limit)
            RETURNING user_id, {NotificationRows.StateColumns}
            """, ("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()), ("cutoff", readBefore.ToUnixTimeMilliseconds()), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var archived = new List<ArchivedNotification>();
        while (await reader.ReadAsync(cancellationToken))
            archived.Add(new ArchivedNotification(reader.GetString(0), new NotificationState(reader.GetString(1), TimeAt(reader, 2), TimeAt(reader, 3), TimeAt(reader, 4), TimeAt(reader, 5))));
        return archived;
    }

    private static DateTimeOffset? TimeAt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
