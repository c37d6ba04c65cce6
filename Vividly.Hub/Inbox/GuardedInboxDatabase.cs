using System.Data.Common;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The inbox's database under its guard, for background work beside it (the delivery dispatcher,
/// the digest job): each call ends within <c>STORE_TIMEOUT_MS</c> and counts toward the pending
/// bound, so a frozen database fails a pass with <see cref="StoreUnavailableException"/> instead of
/// holding it, and shutdown and health are not kept waiting.
/// </summary>
public sealed class GuardedInboxDatabase(IInboxDatabase database, GuardedInboxStore guard) : IInboxDatabase
{
    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => database.ReadAsync(read, ct), cancellationToken);

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => database.WriteAsync(work, ct), cancellationToken);
}
