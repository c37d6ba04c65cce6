using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Jobs;

/// <summary>
/// <see cref="IJobLeases"/> in the inbox's database (its pool, and on SQLite its one writer), in
/// one statement each that SQLite and PostgreSQL both run: the insert takes an absent lease, and
/// its conflict clause takes a lapsed one or renews the holder's own, atomically, so of
/// instances racing for it exactly one is answered a row.
/// </summary>
public sealed class SqlJobLeases(IInboxDatabase database, TimeProvider timeProvider) : IJobLeases
{
    public Task<bool> TryHoldAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return database.WriteAsync(async (connection, transaction) => await ScalarAsync(Command(connection, transaction,
            """
            INSERT INTO job_leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= @now
            RETURNING holder
            """,
            ("name", name), ("holder", holder), ("expires", (now + duration).ToUnixTimeMilliseconds()), ("now", now.ToUnixTimeMilliseconds())),
            cancellationToken) is string, cancellationToken);
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => ExecuteAsync(Command(connection, transaction,
            "DELETE FROM job_leases WHERE name = @name AND holder = @holder", ("name", name), ("holder", holder)), cancellationToken), cancellationToken);
}
