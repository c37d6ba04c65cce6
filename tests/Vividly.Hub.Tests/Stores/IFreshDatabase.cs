using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Stores;

/// <summary>One engine's new, empty inbox database for a store contract; disposing it removes it.</summary>
public interface IFreshDatabase : IAsyncDisposable
{
    /// <summary>The database and an inbox store on it, not yet initialized (its migration is the schema the contracts test over).</summary>
    Task<(IInboxStore Inbox, IInboxDatabase Database)> OpenAsync(TimeProvider time);
}
