using Microsoft.Extensions.Options;
using Npgsql;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The inbox shared by several hub instances (<c>DATABASE_URL</c>). Publishes are group-committed
/// by a <see cref="GroupCommitWriter"/>: those waiting while a transaction runs go together into
/// the next, sent as one batch (<see cref="PostgresAppends"/>), so a burst costs two round trips
/// rather than four per publish. At most <c>STORE_MAX_PENDING</c> appends wait; the excess is refused.
/// </summary>
public sealed class PostgresInboxStore(
    PostgresDatabase database, IOptions<RetentionOptions> retention, IOptions<StoreGuardOptions> guard, TimeProvider timeProvider)
    // Only an error the server reported for a statement is worth storing the group one by one:
    // a lost or timed-out connection would fail each alone the same way.
    : SqlInboxStore<PostgresDatabase>(database, retention.Value, guard.Value, timeProvider, "PostgreSQL", isolate: static error => error is PostgresException)
{
    /// <summary>Any fixed number: the advisory lock instances take while migrating.</summary>
    private const long SchemaLockKey = 0x5669_7669_646C_79;

    private readonly PostgresAppends _appends = new(timeProvider, retention.Value.MaxPerUser);

    /// <summary>Held while the schema is migrated, so instances starting together migrate once.</summary>
    private protected override Task MigrateAsync(CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", SchemaLockKey)), cancellationToken);
            await InboxSql.MigrateAsync(connection, transaction, cancellationToken);
            return true;
        }, cancellationToken);

    private protected override Task<IReadOnlyList<AppendResult>> CommitAsync(IReadOnlyList<NewNotification> batch) =>
        Database.WriteAsync((connection, transaction) => _appends.AppendAllAsync(connection, transaction, batch, CancellationToken.None), CancellationToken.None);
}
