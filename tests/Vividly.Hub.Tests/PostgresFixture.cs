using Vividly.Testing;

[assembly: AssemblyFixture(typeof(Vividly.Hub.Tests.PostgresFixture))]

namespace Vividly.Hub.Tests;

/// <summary>One throw-away PostgreSQL server for the whole test run; each test takes a fresh database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartNewAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
