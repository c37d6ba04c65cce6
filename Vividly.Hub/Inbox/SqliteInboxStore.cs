using Microsoft.Extensions.Options;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The embedded default: one SQLite file in WAL mode, owned by one instance. Writes queue on the
/// <see cref="SqliteDatabase"/>'s semaphore instead of spinning on SQLite's busy lock, and publishes are group-committed
/// by a <see cref="GroupCommitWriter"/> (the single writer is the embedded store's ceiling). At
/// most <c>STORE_MAX_PENDING</c> appends wait for it: an append whose caller gave up (the guard's
/// bound) is still stored, so it leaves the guard's count but stays in this queue, and the
/// queue's own bound is what refuses the excess.
/// </summary>
public sealed class SqliteInboxStore(
    SqliteDatabase database, IOptions<RetentionOptions> retention, IOptions<StoreGuardOptions> guard, TimeProvider timeProvider)
    : SqlInboxStore<SqliteDatabase>(database, retention.Value, guard.Value, timeProvider, "the SQLite writer")
{
    private protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(Database.Path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await using (var connection = await Database.OpenAsync(cancellationToken))
        {
            // WAL lets readers (resumes, inbox pages) run beside the single writer.
            await ExecuteAsync(Command(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"), cancellationToken);
        }
        // One instance owns the file, so no lock is needed to migrate it.
        await WriteAsync(async (connection, transaction) =>
        {
            await InboxSql.MigrateAsync(connection, transaction, cancellationToken);
            return true;
        }, cancellationToken);
    }

    private protected override Task<IReadOnlyList<AppendResult>> CommitAsync(IReadOnlyList<NewNotification> batch) =>
        WriteAsync((connection, transaction) => Sql.AppendAllAsync(connection, transaction, batch, CancellationToken.None), CancellationToken.None);
}
