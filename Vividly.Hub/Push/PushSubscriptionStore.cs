using System.Data.Common;
using System.Globalization;
using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Push;

/// <summary>
/// The <c>push_subscriptions</c> table on either engine: the same SQL runs on SQLite and
/// PostgreSQL, over the inbox's own connections (and, on SQLite, its one writer).
/// </summary>
public sealed class PushSubscriptionStore(IInboxDatabase database, TimeProvider timeProvider) : IPushSubscriptionStore
{
    private const string Columns = "endpoint, user_id, p256dh, auth, user_agent, expiration_time, created_at, last_success_at, failure_count";

    public Task<bool> UpsertAsync(string userId, NewPushSubscription subscription, CancellationToken cancellationToken)
    {
        var now = Now();
        return database.WriteAsync(async (connection, transaction) =>
        {
            var existed = await ScalarAsync(Command(connection, transaction,
                "SELECT 1 FROM push_subscriptions WHERE endpoint = @endpoint", ("endpoint", subscription.Endpoint)), cancellationToken) is not null;
            // New keys (a browser re-subscribing) or a new user (another login in the same browser)
            // make it a fresh subscription: its failures were someone else's.
            await ExecuteAsync(Command(connection, transaction,
                """
                INSERT INTO push_subscriptions (endpoint, user_id, p256dh, auth, user_agent, expiration_time, created_at, updated_at, failure_count)
                VALUES (@endpoint, @user, @p256dh, @auth, @agent, @expires, @now, @now, 0)
                ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
                    user_agent = excluded.user_agent, expiration_time = excluded.expiration_time, updated_at = excluded.updated_at, failure_count = 0
                """,
                ("endpoint", subscription.Endpoint), ("user", userId), ("p256dh", subscription.P256dh), ("auth", subscription.Auth),
                ("agent", subscription.UserAgent), ("expires", subscription.ExpirationTime?.ToUnixTimeMilliseconds()), ("now", now)), cancellationToken);
            return !existed;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string userId, string endpoint, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await ExecuteAsync(Command(connection, transaction,
            "DELETE FROM push_subscriptions WHERE endpoint = @endpoint AND user_id = @user", ("endpoint", endpoint), ("user", userId)), cancellationToken) > 0,
            cancellationToken);

    public Task<IReadOnlyList<StoredPushSubscription>> ListAsync(string userId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<StoredPushSubscription>>(async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {Columns} FROM push_subscriptions WHERE user_id = @user ORDER BY created_at, endpoint", ("user", userId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            List<StoredPushSubscription> found = [];
            while (await reader.ReadAsync(cancellationToken)) found.Add(Read(reader));
            return found;
        }, cancellationToken);

    public Task<bool> RemoveGoneAsync(string endpoint, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await ExecuteAsync(Command(connection, transaction,
            "DELETE FROM push_subscriptions WHERE endpoint = @endpoint", ("endpoint", endpoint)), cancellationToken) > 0, cancellationToken);

    public Task RecordSuccessAsync(string endpoint, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE push_subscriptions SET last_success_at = @now, failure_count = 0 WHERE endpoint = @endpoint", endpoint, cancellationToken);

    public Task RecordFailureAsync(string endpoint, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE push_subscriptions SET last_failure_at = @now, failure_count = failure_count + 1 WHERE endpoint = @endpoint", endpoint, cancellationToken);

    public Task<int> RemoveInactiveAsync(DateTimeOffset inactiveBefore, CancellationToken cancellationToken)
    {
        var now = Now();
        return database.WriteAsync((connection, transaction) => ExecuteAsync(Command(connection, transaction,
            """
            DELETE FROM push_subscriptions
            WHERE expiration_time < @now OR (updated_at < @cutoff AND COALESCE(last_success_at, 0) < @cutoff)
            """,
            ("now", now), ("cutoff", inactiveBefore.ToUnixTimeMilliseconds())), cancellationToken), cancellationToken);
    }

    private Task<int> UpdateAsync(string sql, string endpoint, CancellationToken cancellationToken)
    {
        var now = Now();
        return database.WriteAsync((connection, transaction) =>
            ExecuteAsync(Command(connection, transaction, sql, ("endpoint", endpoint), ("now", now)), cancellationToken), cancellationToken);
    }

    private long Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static StoredPushSubscription Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4), Time(reader, 5), Time(reader, 6)!.Value, Time(reader, 7),
        Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture));

    private static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture));
}
