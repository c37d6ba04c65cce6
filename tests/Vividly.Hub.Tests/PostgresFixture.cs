using Vividly.Testing;

namespace Vividly.Hub.Tests;

/// <summary>
/// A throw-away PostgreSQL server for the tests that ask for it (<c>IClassFixture</c>); each test
/// takes a fresh database. Started only when such a test runs, so the rest need no PostgreSQL.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartNewAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
