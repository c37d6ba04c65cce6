using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vividly.Hub.Channels;
using Vividly.Hub.Inbox;
using Vividly.Hub.Tests.Functional;

namespace Vividly.Hub.Tests.Channels;

/// <summary>The dispatcher against PostgreSQL frozen whole (SIGSTOP): a pass fails within STORE_TIMEOUT_MS instead of hanging.</summary>
public sealed class DispatcherStallTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int TimeoutMs = 300;

    [Fact]
    public async Task A_pass_against_a_frozen_database_ends_at_the_store_bound()
    {
        using var hub = new HubFactory()
            .With("DATABASE_URL", await postgres.Server.CreateDatabaseAsync())
            .With("STORE_TIMEOUT_MS", TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var dispatcher = hub.Services.GetServices<IHostedService>().OfType<DeliveryDispatcher>().Single();
        await dispatcher.RunOnceAsync(TestContext.Current.CancellationToken);

        await postgres.Server.PauseAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAsync<StoreUnavailableException>(() => dispatcher.RunOnceAsync(TestContext.Current.CancellationToken));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the pass ended after {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            await postgres.Server.ResumeAsync();
        }
    }
}
