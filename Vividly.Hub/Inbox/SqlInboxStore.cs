using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The inbox in SQL both SQLite and PostgreSQL speak. A publish bumps the user's row in
/// <c>inbox_users</c> first: that row lock serializes one user's publishes, so seqs never
/// repeat or skip, commit in seq order, and an idempotency key cannot be inserted twice.
/// No inbox holds more than <paramref name="maxPerUser"/> once an append commits.
/// </summary>
public abstract class SqlInboxStore(TimeProvider timeProvider, int maxPerUser) : IInboxStore
{
    private const string Columns = "id, seq, user_id, type, title, message, priority, payload, created_at, read_at";

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Held while the schema is migrated, so instances starting together migrate once.</summary>
    protected virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Runs <paramref name="work"/> in one transaction that commits when it returns.</summary>
    protected virtual async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public virtual async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            await LockSchemaAsync(connection, transaction, cancellationToken);
            await ExecuteAsync(Command(connection, transaction, "CREATE TABLE IF NOT EXISTS inbox_schema (version INTEGER NOT NULL)"), cancellationToken);
            var found = await ScalarAsync(Command(connection, transaction, "SELECT MAX(version) FROM inbox_schema"), cancellationToken);
            var version = found is null or DBNull ? 0 : Convert.ToInt32(found, System.Globalization.CultureInfo.InvariantCulture);
            for (var step = version; step < InboxSchema.Steps.Count; step++)
            {
                await ExecuteAsync(Command(connection, transaction, InboxSchema.Steps[step]), cancellationToken);
                await ExecuteAsync(Command(connection, transaction, "INSERT INTO inbox_schema (version) VALUES (@v)", ("v", step + 1)), cancellationToken);
            }
            return version;
        }, cancellationToken);
    }

    public virtual Task<AppendResult> AppendAsync(NewNotification notification, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => AppendAsync(connection, transaction, notification, cancellationToken), cancellationToken);

    /// <summary>One append inside the caller's transaction.</summary>
    protected async Task<AppendResult> AppendAsync(DbConnection connection, DbTransaction transaction, NewNotification notification, CancellationToken cancellationToken)
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
            DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), null);
        await ExecuteAsync(Command(connection, transaction,
            $"""
            INSERT INTO notifications ({Columns})
            VALUES (@id, @seq, @user, @type, @title, @message, @priority, @payload, @created, NULL)
            """,
            ("id", created.Id), ("seq", seq), ("user", notification.UserId), ("type", notification.Type), ("title", notification.Title), ("message", notification.Message),
            ("priority", notification.Priority), ("payload", notification.Payload?.ToJsonString()), ("created", now.ToUnixTimeMilliseconds())), cancellationToken);
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
    private static async Task TrimAsync(DbConnection connection, DbTransaction transaction, string userId, long removeThrough, CancellationToken cancellationToken)
    {
        if (removeThrough <= 0) return;
        await ExecuteAsync(Command(connection, transaction,
            "UPDATE inbox_users SET removed_through = @through WHERE user_id = @user AND removed_through < @through",
            ("user", userId), ("through", removeThrough)), cancellationToken);
        await ExecuteAsync(Command(connection, transaction, "DELETE FROM notifications WHERE user_id = @user AND seq <= @through",
            ("user", userId), ("through", removeThrough)), cancellationToken);
    }

    public async Task<IReadOnlyList<Notification>> ReadAfterAsync(string userId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadNotificationsAsync(Command(connection, null,
            $"SELECT {Columns} FROM notifications WHERE user_id = @user AND seq > @after ORDER BY seq LIMIT @limit",
            ("user", userId), ("after", afterSeq), ("limit", limit)), cancellationToken);
    }

    public async Task<InboxState> GetStateAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        long lastSeq = 0, removedThrough = 0;
        await using (var command = Command(connection, null, "SELECT last_seq, removed_through FROM inbox_users WHERE user_id = @user", ("user", userId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken)) (lastSeq, removedThrough) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        return new InboxState(lastSeq, await CountUnreadAsync(connection, userId, cancellationToken), removedThrough);
    }

    public async Task<InboxPage> ListAsync(string userId, InboxQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var unreadFilter = query.UnreadOnly ? " AND read_at IS NULL" : "";
        var items = await ReadNotificationsAsync(Command(connection, null,
            $"""
            SELECT {Columns} FROM notifications
            WHERE user_id = @user AND seq > @after AND seq < @before{unreadFilter}
            ORDER BY seq DESC LIMIT @limit
            """,
            ("user", userId), ("after", query.AfterSeq ?? 0), ("before", query.BeforeSeq ?? long.MaxValue), ("limit", query.Limit + 1)),
            cancellationToken);
        var more = items.Count > query.Limit;
        var page = more ? items.Take(query.Limit).ToList() : items;
        return new InboxPage(page, await CountUnreadAsync(connection, userId, cancellationToken), more ? page[^1].Seq : null);
    }

    public Task<IReadOnlyList<string>> MarkReadAsync(string userId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return Task.FromResult<IReadOnlyList<string>>([]);
        return WriteAsync<IReadOnlyList<string>>(async (connection, transaction) =>
        {
            var parameters = ids.Select((id, i) => ($"id{i}", (object?)id)).ToList();
            parameters.Add(("user", userId));
            parameters.Add(("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
            var names = string.Join(", ", ids.Select((_, i) => $"@id{i}"));
            await using var command = Command(connection, transaction,
                $"UPDATE notifications SET read_at = @now WHERE user_id = @user AND read_at IS NULL AND id IN ({names}) RETURNING id",
                [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var changed = new List<string>();
            while (await reader.ReadAsync(cancellationToken)) changed.Add(reader.GetString(0));
            return changed;
        }, cancellationToken);
    }

    public Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => ExecuteAsync(Command(connection, transaction,
            "UPDATE notifications SET read_at = @now WHERE user_id = @user AND read_at IS NULL",
            ("user", userId), ("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds())), cancellationToken), cancellationToken);

    public Task<int> ClearAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(Command(connection, transaction, "UPDATE inbox_users SET removed_through = last_seq WHERE user_id = @user", ("user", userId)), cancellationToken);
            return await ExecuteAsync(Command(connection, transaction, "DELETE FROM notifications WHERE user_id = @user", ("user", userId)), cancellationToken);
        }, cancellationToken);

    public Task<int> RemoveExpiredAsync(DateTimeOffset olderThan, int keepPerUser, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var cutoff = olderThan.ToUnixTimeMilliseconds();
            // Seqs and creation times rise together, so the expired notifications of a user are a prefix of its seqs.
            await ExecuteAsync(Command(connection, transaction,
                """
                UPDATE inbox_users SET removed_through =
                    (SELECT MAX(n.seq) FROM notifications n WHERE n.user_id = inbox_users.user_id AND n.created_at < @cutoff)
                WHERE removed_through <
                    (SELECT COALESCE(MAX(n.seq), 0) FROM notifications n WHERE n.user_id = inbox_users.user_id AND n.created_at < @cutoff)
                """, ("cutoff", cutoff)), cancellationToken);
            await ExecuteAsync(Command(connection, transaction,
                "UPDATE inbox_users SET removed_through = last_seq - @keep WHERE last_seq - @keep > removed_through",
                ("keep", (long)keepPerUser)), cancellationToken);
            var removed = await ExecuteAsync(Command(connection, transaction,
                """
                DELETE FROM notifications
                WHERE seq <= (SELECT u.removed_through FROM inbox_users u WHERE u.user_id = notifications.user_id)
                """), cancellationToken);
            await ExecuteAsync(Command(connection, transaction, "DELETE FROM publish_keys WHERE created_at < @cutoff", ("cutoff", cutoff)), cancellationToken);
            return removed;
        }, cancellationToken);

    public async Task<bool> ExistsAsync(string userId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync(Command(connection, null, "SELECT 1 FROM notifications WHERE user_id = @user AND id = @id", ("user", userId), ("id", id)), cancellationToken) is not null;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await ScalarAsync(Command(connection, null, "SELECT 1"), cancellationToken) is not null;
        }
        catch (DbException)
        {
            return false;
        }
    }

    private static async Task<AppendResult?> FindKeyAsync(DbConnection connection, DbTransaction transaction, string userId, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT id, seq FROM publish_keys WHERE user_id = @user AND idempotency_key = @key",
            ("user", userId), ("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AppendResult(reader.GetString(0), reader.GetInt64(1), null) : null;
    }

    protected static async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command) return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected static async Task<object?> ScalarAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command) return await command.ExecuteScalarAsync(cancellationToken);
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static async Task<int> CountUnreadAsync(DbConnection connection, string userId, CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync(Command(connection, null, "SELECT COUNT(*) FROM notifications WHERE user_id = @user AND read_at IS NULL",
            ("user", userId)), cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<Notification>> ReadNotificationsAsync(DbCommand command, CancellationToken cancellationToken)
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
