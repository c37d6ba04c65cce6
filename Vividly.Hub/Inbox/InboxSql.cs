using System.Data.Common;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The inbox in SQL both SQLite and PostgreSQL speak, run on the connection and transaction a
/// store hands in. A publish bumps the user's row in <c>inbox_users</c> first: that row lock
/// serializes one user's publishes, so seqs never repeat or skip, commit in seq order, and an
/// idempotency key cannot be inserted twice. No inbox holds more than <paramref name="maxPerUser"/>
/// once an append commits.
/// </summary>
internal sealed class InboxSql(TimeProvider timeProvider, int maxPerUser)
{
    /// <summary>Applies the schema steps above the version found; the caller holds whatever lock keeps instances from migrating together.</summary>
    public static async Task MigrateAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(Command(connection, transaction, "CREATE TABLE IF NOT EXISTS inbox_schema (version INTEGER NOT NULL)"), cancellationToken);
        var found = await ScalarAsync(Command(connection, transaction, "SELECT MAX(version) FROM inbox_schema"), cancellationToken);
        var version = found is null or DBNull ? 0 : Convert.ToInt32(found, System.Globalization.CultureInfo.InvariantCulture);
        for (var step = version; step < InboxSchema.Steps.Count; step++)
        {
            await ExecuteAsync(Command(connection, transaction, InboxSchema.Steps[step]), cancellationToken);
            await ExecuteAsync(Command(connection, transaction, "INSERT INTO inbox_schema (version) VALUES (@v)", ("v", step + 1)), cancellationToken);
        }
        await FillRequestIdsAsync(connection, transaction, cancellationToken);
    }

    /// <summary>
    /// Gives rows stored before notifications had a request id column the id their payload names.
    /// Run at every start and idempotent: once filled, a row no longer matches. The payload is
    /// parsed here, not by the engine, so both engines take the same ids as an append does and a
    /// payload PostgreSQL's JSON could not read (an escaped NUL) fails nothing. A stored payload is
    /// compact JSON, so a string request id always reads <c>"content_request_id":"</c>.
    /// </summary>
    private static async Task FillRequestIdsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var found = new List<(string Id, string RequestId)>();
        await using (var command = Command(connection, transaction,
            "SELECT id, payload FROM notifications WHERE content_request_id IS NULL AND payload LIKE @named",
            ("named", $"%\"{ContentRequestIds.PayloadKey}\":\"%")))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (ContentRequestIds.Of(JsonNode.Parse(reader.GetString(1)) as JsonObject) is { } requestId) found.Add((reader.GetString(0), requestId));
            }
        }
        foreach (var (id, requestId) in found)
        {
            await ExecuteAsync(Command(connection, transaction, "UPDATE notifications SET content_request_id = @request WHERE id = @id",
                ("request", requestId), ("id", id)), cancellationToken);
        }
    }

    /// <summary>
    /// Several appends in the caller's one transaction, in order: each sees the ones before it.
    /// SQLite's path, in process and cheap per statement; PostgreSQL batches its own (<see cref="PostgresAppends"/>).
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendAllAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken)
    {
        var stored = new List<AppendResult>(notifications.Count);
        foreach (var notification in notifications) stored.Add(await AppendAsync(connection, transaction, notification, cancellationToken));
        return stored;
    }

    /// <summary>One append inside the caller's transaction.</summary>
    public async Task<AppendResult> AppendAsync(DbConnection connection, DbTransaction transaction, NewNotification notification, CancellationToken cancellationToken)
    {
        var seq = (long)(await ScalarAsync(Command(connection, transaction,
            """
            INSERT INTO inbox_users (user_id, last_seq) VALUES (@user, 1)
            ON CONFLICT (user_id) DO UPDATE SET last_seq = inbox_users.last_seq + 1
            RETURNING last_seq
            """, ("user", notification.UserId)), cancellationToken))!;

        var now = timeProvider.GetUtcNow();
        if (notification.IdempotencyKey is { } key)
        {
            var first = await FindKeyAsync(connection, transaction, notification.UserId, key, cancellationToken);
            if (first is not null)
            {
                // A repeat publishes nothing: give back the seq, still under the row lock the bump took.
                await ExecuteAsync(Command(connection, transaction, "UPDATE inbox_users SET last_seq = last_seq - 1 WHERE user_id = @user",
                    ("user", notification.UserId)), cancellationToken);
                return first;
            }
        }

        var created = new Notification(NotificationId.New(now), seq, notification.UserId, notification.Type, notification.Title, notification.Message, notification.Priority, notification.Payload,
            DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), null, null, null, null);
        await ExecuteAsync(Command(connection, transaction,
            $"""
            INSERT INTO notifications ({NotificationRows.Columns}, content_request_id)
            VALUES (@id, @seq, @user, @type, @title, @message, @priority, @payload, @created, NULL, NULL, NULL, NULL, @request)
            """,
            ("id", created.Id), ("seq", seq), ("user", notification.UserId), ("type", notification.Type), ("title", notification.Title), ("message", notification.Message),
            ("priority", notification.Priority), ("payload", notification.Payload?.ToJsonString()), ("created", now.ToUnixTimeMilliseconds()),
            ("request", notification.ContentRequestId)), cancellationToken);
        // What the dispatcher routes to email and push, committed with the notification or not at all.
        if (notification.Routed)
        {
            await ExecuteAsync(Command(connection, transaction,
                "INSERT INTO outbox (notification_id, user_id, created_at) VALUES (@id, @user, @created)",
                ("id", created.Id), ("user", notification.UserId), ("created", now.ToUnixTimeMilliseconds())), cancellationToken);
        }
        if (notification.IdempotencyKey is { } newKey)
        {
            await ExecuteAsync(Command(connection, transaction,
                "INSERT INTO publish_keys (user_id, idempotency_key, id, seq, created_at) VALUES (@user, @key, @id, @seq, @created)",
                ("user", notification.UserId), ("key", newKey), ("id", created.Id), ("seq", seq), ("created", now.ToUnixTimeMilliseconds())), cancellationToken);
        }
        await TrimAsync(connection, transaction, notification.UserId, seq - maxPerUser, cancellationToken);
        return new AppendResult(created.Id, seq, created);
    }

    /// <summary>
    /// Holds the cap at write time as retention would: the oldest go and removed_through says so.
    /// Seqs below the cut are already gone, so the delete touches one row in the primary key's order.
    /// </summary>
    internal static async Task TrimAsync(DbConnection connection, DbTransaction transaction, string userId, long removeThrough, CancellationToken cancellationToken)
    {
        if (removeThrough <= 0) return;
        await ExecuteAsync(Command(connection, transaction,
            "UPDATE inbox_users SET removed_through = @through WHERE user_id = @user AND removed_through < @through",
            ("user", userId), ("through", removeThrough)), cancellationToken);
        await ExecuteAsync(Command(connection, transaction, "DELETE FROM notifications WHERE user_id = @user AND seq <= @through",
            ("user", userId), ("through", removeThrough)), cancellationToken);
    }

    public static Task<IReadOnlyList<Notification>> ReadAfterAsync(DbConnection connection, string userId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        NotificationRows.ReadAsync(Command(connection, null,
            $"SELECT {NotificationRows.Columns} FROM notifications WHERE user_id = @user AND seq > @after ORDER BY seq LIMIT @limit",
            ("user", userId), ("after", afterSeq), ("limit", limit)), cancellationToken);

    public static async Task<InboxState> GetStateAsync(DbConnection connection, string userId, CancellationToken cancellationToken)
    {
        long lastSeq = 0, removedThrough = 0;
        await using (var command = Command(connection, null, "SELECT last_seq, removed_through FROM inbox_users WHERE user_id = @user", ("user", userId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken)) (lastSeq, removedThrough) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        return new InboxState(lastSeq, await CountUnreadAsync(connection, userId, cancellationToken), removedThrough);
    }

    public static async Task<InboxPage> ListAsync(DbConnection connection, string userId, InboxQuery query, CancellationToken cancellationToken)
    {
        var viewFilter = query.View switch
        {
            InboxView.Inbox => InInbox,
            InboxView.Unread => $"{InInbox} AND read_at IS NULL",
            InboxView.Archived => "archived_at IS NOT NULL",
            InboxView.Snoozed => "snoozed_until IS NOT NULL AND archived_at IS NULL",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.View, "Not a view."),
        };
        var items = await NotificationRows.ReadAsync(Command(connection, null,
            $"""
            SELECT {NotificationRows.Columns} FROM notifications
            WHERE user_id = @user AND seq > @after AND seq < @before AND {viewFilter}
            ORDER BY seq DESC LIMIT @limit
            """,
            ("user", userId), ("after", query.AfterSeq ?? 0), ("before", query.BeforeSeq ?? long.MaxValue), ("limit", query.Limit + 1)),
            cancellationToken);
        var more = items.Count > query.Limit;
        var page = more ? items.Take(query.Limit).ToList() : items;
        return new InboxPage(page, await CountUnreadAsync(connection, userId, cancellationToken), more ? page[^1].Seq : null);
    }

    /// <summary>The rows of the inbox view: neither archived nor snoozed (a snooze that ran out is cleared by the job that returns it).</summary>
    private const string InInbox = "archived_at IS NULL AND snoozed_until IS NULL";

    // The actions below expect at least one id (a store answers an empty list without a
    // transaction) and answer the new state of each notification they changed, so the change
    // can be announced; a notification already in the asked state is not changed.

    public Task<IReadOnlyList<NotificationState>> MarkReadAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, ids, "read_at = @now", "read_at IS NULL", cancellationToken, Now());

    public Task<IReadOnlyList<NotificationState>> MarkAllReadAsync(DbConnection connection, DbTransaction transaction, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, null, "read_at = @now", "read_at IS NULL", cancellationToken, Now());

    public static Task<IReadOnlyList<NotificationState>> MarkUnreadAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, ids, "read_at = NULL", "read_at IS NOT NULL", cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, ids, "archived_at = @now", "archived_at IS NULL", cancellationToken, Now());

    public static Task<IReadOnlyList<NotificationState>> UnarchiveAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, ids, "archived_at = NULL", "archived_at IS NOT NULL", cancellationToken);

    public Task<IReadOnlyList<NotificationState>> ArchiveReadAsync(DbConnection connection, DbTransaction transaction, string userId, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, null, "archived_at = @now", $"read_at IS NOT NULL AND {InInbox}", cancellationToken, Now());

    /// <summary>A snoozed notification snoozed again takes the new time.</summary>
    public static Task<IReadOnlyList<NotificationState>> SnoozeAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, ids, "snoozed_until = @until", "(snoozed_until IS NULL OR snoozed_until <> @until)", cancellationToken,
            ("until", until.ToUnixTimeMilliseconds()));

    public static Task<IReadOnlyList<NotificationState>> UnsnoozeAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, ids, "snoozed_until = NULL", "snoozed_until IS NOT NULL", cancellationToken);

    public Task<IReadOnlyList<NotificationState>> MarkSeenAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        UpdateAsync(connection, transaction, userId, ids, "seen_at = @now", "seen_at IS NULL", cancellationToken, Now());

    /// <summary>Null when the user has no notification of that request; else what changed, which may be nothing.</summary>
    public async Task<IReadOnlyList<NotificationState>?> MarkRequestReadAsync(
        DbConnection connection, DbTransaction transaction, string userId, string requestId, bool archive, CancellationToken cancellationToken)
    {
        var any = await ScalarAsync(Command(connection, transaction,
            "SELECT 1 FROM notifications WHERE user_id = @user AND content_request_id = @request LIMIT 1",
            ("user", userId), ("request", requestId)), cancellationToken);
        if (any is null) return null;
        var (set, unchanged) = archive
            ? ("read_at = COALESCE(read_at, @now), archived_at = COALESCE(archived_at, @now)", "(read_at IS NULL OR archived_at IS NULL)")
            : ("read_at = @now", "read_at IS NULL");
        return await UpdateAsync(connection, transaction, userId, null, set, $"content_request_id = @request AND {unchanged}", cancellationToken,
            Now(), ("request", requestId));
    }

    /// <summary>Sets <paramref name="set"/> on the user's rows matching <paramref name="where"/> (and <paramref name="ids"/>, unless null).</summary>
    private static Task<IReadOnlyList<NotificationState>> UpdateAsync(
        DbConnection connection, DbTransaction transaction, string userId, IReadOnlyCollection<string>? ids, string set, string where,
        CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        var parameters = new List<(string Name, object? Value)>(values) { ("user", userId) };
        var idFilter = "";
        if (ids is not null)
        {
            parameters.AddRange(ids.Select((id, i) => ($"id{i}", (object?)id)));
            idFilter = $" AND id IN ({string.Join(", ", ids.Select((_, i) => $"@id{i}"))})";
        }
        return NotificationRows.ReadStatesAsync(Command(connection, transaction,
            $"UPDATE notifications SET {set} WHERE user_id = @user AND {where}{idFilter} RETURNING {NotificationRows.StateColumns}",
            [.. parameters]), cancellationToken);
    }

    private (string Name, object? Value) Now() => ("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    public static async Task<int> ClearAsync(DbConnection connection, DbTransaction transaction, string userId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(Command(connection, transaction, "UPDATE inbox_users SET removed_through = last_seq WHERE user_id = @user", ("user", userId)), cancellationToken);
        return await ExecuteAsync(Command(connection, transaction, "DELETE FROM notifications WHERE user_id = @user", ("user", userId)), cancellationToken);
    }

    public static async Task<int> RemoveExpiredAsync(
        DbConnection connection, DbTransaction transaction, DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken)
    {
        var cutoff = olderThan.ToUnixTimeMilliseconds();
        // What expires is the longest prefix of a user's seqs created before the cutoff. Seqs and
        // creation times rise together except for a notification back from snooze, which keeps its
        // creation time at a newer seq: it goes no sooner than the ones below it. A snoozed one
        // ends the prefix, so it is still there when its snooze ends.
        const string expiredThrough =
            """
            COALESCE(
                (SELECT MIN(n.seq) - 1 FROM notifications n
                 WHERE n.user_id = inbox_users.user_id AND (n.created_at >= @cutoff OR n.snoozed_until IS NOT NULL)),
                (SELECT MAX(n.seq) FROM notifications n WHERE n.user_id = inbox_users.user_id),
                0)
            """;
        await ExecuteAsync(Command(connection, transaction,
            $"UPDATE inbox_users SET removed_through = {expiredThrough} WHERE removed_through < {expiredThrough}",
            ("cutoff", cutoff)), cancellationToken);
        await ExecuteAsync(Command(connection, transaction,
            "UPDATE inbox_users SET removed_through = last_seq - @keep WHERE last_seq - @keep > removed_through",
            ("keep", (long)keepPerUser)), cancellationToken);
        var removed = await ExecuteAsync(Command(connection, transaction,
            """
            DELETE FROM notifications
            WHERE seq <= (SELECT u.removed_through FROM inbox_users u WHERE u.user_id = notifications.user_id)
            """), cancellationToken);
        await ExecuteAsync(Command(connection, transaction, "DELETE FROM publish_keys WHERE created_at < @cutoff", ("cutoff", cutoff)), cancellationToken);
        // Email and push records go with their notification's age; those still to be sent stay.
        await ExecuteAsync(Command(connection, transaction,
            "DELETE FROM deliveries WHERE created_at < @cutoff AND status NOT IN ('pending', 'held', 'digest', 'sending')",
            ("cutoff", cutoff)), cancellationToken);
        // A delivery's push attempts are last touched when it was last tried; digest windows still to send stay.
        await ExecuteAsync(Command(connection, transaction, "DELETE FROM push_attempts WHERE updated_at < @cutoff", ("cutoff", cutoff)), cancellationToken);
        await ExecuteAsync(Command(connection, transaction, "DELETE FROM digest_windows WHERE created_at < @cutoff AND status <> 'claimed'",
            ("cutoff", cutoff)), cancellationToken);
        return removed;
    }

    public static async Task<bool> ExistsAsync(DbConnection connection, string userId, string id, CancellationToken cancellationToken) =>
        await ScalarAsync(Command(connection, null, "SELECT 1 FROM notifications WHERE user_id = @user AND id = @id", ("user", userId), ("id", id)), cancellationToken) is not null;

    public static async Task<bool> PingAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ScalarAsync(Command(connection, null, "SELECT 1"), cancellationToken) is not null;

    private static async Task<AppendResult?> FindKeyAsync(DbConnection connection, DbTransaction transaction, string userId, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT id, seq FROM publish_keys WHERE user_id = @user AND idempotency_key = @key",
            ("user", userId), ("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AppendResult(reader.GetString(0), reader.GetInt64(1), null) : null;
    }

    private static async Task<int> CountUnreadAsync(DbConnection connection, string userId, CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync(Command(connection, null, $"SELECT COUNT(*) FROM notifications WHERE user_id = @user AND read_at IS NULL AND {InInbox}",
            ("user", userId)), cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
}
