using System.Data.Common;

namespace Vividly.Hub.Inbox;

/// <summary>
/// The database the inbox lives in, shared with the features whose tables sit beside it
/// (preferences), so every feature uses the one connection pool and, on SQLite, the one writer.
/// </summary>
public interface IInboxDatabase
{
    /// <summary>Runs <paramref name="read"/> on an open connection.</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction that commits when it returns.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);
}
