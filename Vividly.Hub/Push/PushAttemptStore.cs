using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Push;

/// <summary>
/// The <c>push_attempts</c> table: how each of a user's endpoints fared for one delivery, so a
/// retry of the delivery leaves out the endpoints already done with it.
/// </summary>
public sealed class PushAttemptStore(IInboxDatabase database, TimeProvider timeProvider)
{
    /// <summary>The statuses after which an endpoint is not sent the delivery again.</summary>
    public static readonly IReadOnlySet<string> Done = new HashSet<string>(StringComparer.Ordinal)
    {
        PushAttemptStatuses.Delivered, PushAttemptStatuses.Gone, PushAttemptStatuses.Refused,
    };

    public Task<IReadOnlyDictionary<string, string>> StatusesAsync(string deliveryId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, string>>(async connection =>
        {
            await using var command = Command(connection, null, "SELECT endpoint, status FROM push_attempts WHERE delivery_id = @id", ("id", deliveryId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken)) statuses[reader.GetString(0)] = reader.GetString(1);
            return statuses;
        }, cancellationToken);

    public Task RecordAsync(string deliveryId, string endpoint, string status, string? error, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(Command(connection, transaction,
                """
                INSERT INTO push_attempts (delivery_id, endpoint, status, last_error, attempts, updated_at)
                VALUES (@id, @endpoint, @status, @error, 1, @now)
                ON CONFLICT (delivery_id, endpoint) DO UPDATE SET status = excluded.status,
                    last_error = COALESCE(excluded.last_error, push_attempts.last_error), attempts = push_attempts.attempts + 1, updated_at = excluded.updated_at
                """,
                ("id", deliveryId), ("endpoint", endpoint), ("status", status), ("error", error),
                ("now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds())), cancellationToken);
            return true;
        }, cancellationToken);
}

/// <summary>The <c>status</c> of a push_attempts row.</summary>
public static class PushAttemptStatuses
{
    public const string Delivered = "delivered";

    /// <summary>404 or 410: the subscription was deleted.</summary>
    public const string Gone = "gone";

    /// <summary>A 4xx other than 404, 410 and 429: this message will never be taken there.</summary>
    public const string Refused = "refused";

    /// <summary>429, 5xx or no answer: tried again with the delivery's next attempt.</summary>
    public const string Retry = "retry";
}
