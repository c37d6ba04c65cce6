using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Tests.Stores;

/// <summary>
/// A contract run against every engine: each test gets a fresh database, migrated by its inbox
/// store, and a fake clock starting at <paramref name="start"/>.
/// </summary>
public abstract class StoreContract(IFreshDatabase engine, DateTimeOffset start) : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(start);

    protected IInboxStore Inbox { get; private set; } = null!;

    /// <summary>The inbox's database, which the stores under test share.</summary>
    protected IInboxDatabase Database { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        (Inbox, Database) = await engine.OpenAsync(Time);
        await Inbox.InitializeAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Inbox).DisposeAsync();
        await engine.DisposeAsync();
    }
}
