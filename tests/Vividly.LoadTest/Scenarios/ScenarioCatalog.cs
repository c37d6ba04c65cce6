using Vividly.LoadTest.Cli;

namespace Vividly.LoadTest.Scenarios;

/// <summary>
/// The named runs and their defaults; every value can be overridden on the command line.
/// Scenarios with more than three connections per user need the hub started with a higher
/// <c>MAX_CONNECTIONS_PER_USER</c>. Ramps stay at 100 connections/s: past that, on two cores,
/// this console's own per-connection setup (each client builds its own JSON metadata) saturates
/// a core and its queueing shows up as connect time.
/// </summary>
internal static class ScenarioCatalog
{
    /// <summary>The service levels the seeds promised.</summary>
    private static readonly Thresholds SeedServiceLevels = new(MaxConnectP95Ms: 200, MaxPublishP95Ms: 10, MaxDeliveryP95Ms: 50);

    public static IReadOnlyDictionary<string, (string Summary, LoadOptions Defaults)> All { get; } =
        new Dictionary<string, (string, LoadOptions)>(StringComparer.Ordinal)
        {
            ["smoke"] = ("20 connections of 10 users, 50/s for 5 s: seconds long, for CI", new LoadOptions
            {
                Scenario = "smoke",
                Connections = 20,
                Users = 10,
                RampPerSecond = 100,
                Rate = 50,
                Duration = TimeSpan.FromSeconds(5),
            }),
            ["seed-slo"] = ("50 users, one connection each, 50/s for 2 minutes, checked against the seeds' service levels", new LoadOptions
            {
                Scenario = "seed-slo",
                Connections = 50,
                Users = 50,
                RampPerSecond = 10,
                Rate = 50,
                Duration = TimeSpan.FromMinutes(2),
                Thresholds = SeedServiceLevels,
            }),
            ["fanout"] = ("10 users with 100 connections each, 10/s for 60 s: 1,000 deliveries/s (MAX_CONNECTIONS_PER_USER >= 100)", new LoadOptions
            {
                Scenario = "fanout",
                Connections = 1_000,
                Users = 10,
                RampPerSecond = 100,
                Rate = 10,
                Duration = TimeSpan.FromSeconds(60),
            }),
            ["capacity"] = ("200 users, one connection each; after 5 s of unmeasured warm-up, the rate steps up until delivery p99 leaves the bound", new LoadOptions
            {
                Scenario = "capacity",
                Connections = 200,
                Users = 200,
                RampPerSecond = 200,
                Duration = TimeSpan.FromSeconds(15),
                CapacitySteps = [250, 500, 1_000, 2_000, 4_000, 6_000, 8_000],
                CapacityP99BoundMs = 100,
                WarmUp = TimeSpan.FromSeconds(5),
            }),
            ["connections"] = ("10,000 idle connections of 5,000 users opened at 100/s, held 30 s, then 100/s for 10 s to prove them alive", new LoadOptions
            {
                Scenario = "connections",
                Connections = 10_000,
                Users = 5_000,
                RampPerSecond = 100,
                Hold = TimeSpan.FromSeconds(30),
                Rate = 100,
                Duration = TimeSpan.FromSeconds(10),
                ConnectTimeout = TimeSpan.FromSeconds(60),
            }),
        };
}
