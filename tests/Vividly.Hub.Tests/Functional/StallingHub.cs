using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>A hub whose store can be stalled, with a short bound (300 ms) so tests stay quick.</summary>
public sealed class StallingHub : IDisposable
{
    public const int TimeoutMs = 300;

    /// <summary>How long health may take to answer, whatever the store does.</summary>
    public static readonly TimeSpan HealthBound = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Noticed = TimeSpan.FromSeconds(10);

    private StallableStore? _store;

    public StallingHub() => Hub = new HubFactory()
        .With("STORE_TIMEOUT_MS", TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithServices(services => services.AddKeyedSingleton<IInboxStore>(GuardedInboxStore.Unguarded,
            (provider, _) => _store = new StallableStore(ActivatorUtilities.CreateInstance<SqliteInboxStore>(provider))));

    public HubFactory Hub { get; }

    private StallableStore Store => _store ?? throw new InvalidOperationException("The hub has not started.");

    /// <summary>Freezes the store; with <paramref name="untilNoticed"/>, returns once health says so.</summary>
    public async Task StallAsync(bool untilNoticed = false)
    {
        _ = Hub.Server;
        Store.Stall();
        if (untilNoticed) await Eventually.AssertAsync(async () => await ReadyStatusAsync() == HttpStatusCode.ServiceUnavailable, Noticed, "readiness says the store is away");
    }

    /// <summary>Freezes the appends for <paramref name="userId"/> only.</summary>
    public void StallAppendsFor(string userId)
    {
        _ = Hub.Server;
        Store.StallAppendsFor(userId);
    }

    /// <summary>Thaws the store and returns once health says it is back.</summary>
    public async Task ResumeAsync()
    {
        Store.Resume();
        await Eventually.AssertAsync(async () => await ReadyStatusAsync() == HttpStatusCode.OK, Noticed, "readiness says the store is back");
    }

    /// <summary>Readiness, failing the test if it took longer than <see cref="HealthBound"/> to answer.</summary>
    public async Task<HttpStatusCode> ReadyStatusAsync()
    {
        using var http = Hub.CreateHttp(null);
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(Routes.Ready);
        Assert.True(clock.Elapsed < HealthBound, $"/health/ready took {clock.ElapsedMilliseconds} ms");
        return response.StatusCode;
    }

    public void Dispose() => Hub.Dispose();
}
