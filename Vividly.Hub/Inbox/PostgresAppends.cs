using Npgsql;
using NpgsqlTypes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>
/// A group of appends as one <see cref="NpgsqlBatch"/>, one statement per append, sent in a
/// single round trip inside the caller's transaction.
/// <para>
/// Seq guarantee: each statement bumps the user's <c>inbox_users</c> row first, and that row lock
/// is held to commit, so one user's publishes are serialized across instances and seqs never
/// repeat or skip. Statements run in user order (stable, so one user's appends keep theirs): two
/// instances' groups then take their row locks in the same order and cannot deadlock.
/// </para>
/// <para>
/// Idempotency: a statement whose key is already stored bumps nothing and answers the first
/// publish. Two instances racing on one new key both insert it; the second hits the key's primary
/// key, fails its group, and is stored alone, when it sees the first.
/// </para>
/// </summary>
internal sealed class PostgresAppends(TimeProvider timeProvider, int maxPerUser)
{
    // Positional parameters: nothing to rewrite, and each statement is auto-prepared once per connection.
    private const string AppendSql =
        $"""
        WITH earlier AS (
            SELECT id, seq FROM publish_keys WHERE $2::text IS NOT NULL AND user_id = $1 AND idempotency_key = $2
        ),
        bumped AS (
            INSERT INTO inbox_users AS u (user_id, last_seq) SELECT $1, 1 WHERE NOT EXISTS (SELECT FROM earlier)
            ON CONFLICT (user_id) DO UPDATE
                SET last_seq = u.last_seq + 1, removed_through = GREATEST(u.removed_through, u.last_seq + 1 - $10)
            RETURNING last_seq, removed_through
        ),
        stored AS (
            INSERT INTO notifications ({NotificationRows.Columns}, content_request_id)
            SELECT $3, last_seq, $1, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL, NULL, $11 FROM bumped
        ),
        -- The email and push routing the dispatcher picks up, in the same statement and transaction.
        outboxed AS (
            INSERT INTO outbox (notification_id, user_id, created_at) SELECT $3, $1, $9 FROM bumped WHERE $12
        ),
        keyed AS (
            INSERT INTO publish_keys (user_id, idempotency_key, id, seq, created_at)
            SELECT $1, $2, $3, last_seq, $9 FROM bumped WHERE $2::text IS NOT NULL
        ),
        -- INBOX_MAX_PER_USER held on the primary key's order. Rows another instance committed
        -- while this statement waited for the user's row lock are not in its snapshot; they are
        -- below the next append's cut, which removes them.
        trimmed AS (
            DELETE FROM notifications WHERE user_id = $1 AND seq <= (SELECT removed_through FROM bumped)
        )
        SELECT $3, last_seq, FALSE FROM bumped
        UNION ALL
        SELECT id, seq, TRUE FROM earlier
        """;

    /// <summary>Stores <paramref name="notifications"/> and answers their results in the order given.</summary>
    public async Task<IReadOnlyList<AppendResult>> AppendAllAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var order = Enumerable.Range(0, notifications.Count).OrderBy(i => notifications[i].UserId, StringComparer.Ordinal).ToArray();
        var ids = new string[notifications.Count];

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var index in order)
        {
            ids[index] = NotificationId.New(now);
            batch.BatchCommands.Add(Append(notifications[index], ids[index], created));
        }

        var results = new AppendResult[notifications.Count];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var index in order)
        {
            if (!await reader.ReadAsync(cancellationToken)) throw new InvalidOperationException("An append statement answered no row.");
            var (id, seq, duplicate) = (reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2));
            var notification = notifications[index];
            results[index] = new AppendResult(id, seq, duplicate ? null : new Notification(
                id, seq, notification.UserId, notification.Type, notification.Title, notification.Message, notification.Priority, notification.Payload, created,
                null, null, null, null));
            await reader.NextResultAsync(cancellationToken);
        }
        return results;
    }

    private NpgsqlBatchCommand Append(NewNotification notification, string id, DateTimeOffset created) => new(AppendSql)
    {
        Parameters =
        {
            Text(notification.UserId),
            Text(notification.IdempotencyKey),
            Text(id),
            Text(notification.Type),
            Text(notification.Title),
            Text(notification.Message),
            Text(notification.Priority),
            Text(notification.Payload?.ToJsonString()),
            new NpgsqlParameter<long> { TypedValue = created.ToUnixTimeMilliseconds() },
            new NpgsqlParameter<long> { TypedValue = maxPerUser },
            Text(notification.ContentRequestId),
            new NpgsqlParameter<bool> { TypedValue = notification.Routed },
        },
    };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
