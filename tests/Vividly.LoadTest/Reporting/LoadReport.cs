using Vividly.LoadTest.Metrics;

namespace Vividly.LoadTest.Reporting;

/// <summary>
/// A run's figures, written as snake_case JSON. Counts cover the whole run; for the capacity
/// scenario <see cref="Steps"/> has each rate's own.
/// </summary>
internal sealed record LoadReport
{
    public required string Scenario { get; init; }

    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double ElapsedS { get; init; }

    public required ReportParameters Parameters { get; init; }

    public required int Connected { get; init; }

    public required LatencySummary ConnectMs { get; init; }

    public required LatencySummary PublishMs { get; init; }

    public required LatencySummary DeliveryMs { get; init; }

    /// <summary>Publishes the hub accepted.</summary>
    public required long Sent { get; init; }

    public required long PublishErrors { get; init; }

    public required long Expected { get; init; }

    public required long Delivered { get; init; }

    public required long Lost { get; init; }

    public required long Duplicated { get; init; }

    public required long DuplicatedLive { get; init; }

    public required long DuplicatedRaised { get; init; }

    public required long Unexpected { get; init; }

    public required long RecoveredByResume { get; init; }

    public required double DeliverySuccessPercent { get; init; }

    public required double ThroughputPerS { get; init; }

    public required double DeliveriesPerS { get; init; }

    public required long Errors { get; init; }

    public required ErrorBreakdown ErrorBreakdown { get; init; }

    public required IReadOnlyDictionary<string, int> ErrorSamples { get; init; }

    public required long Reconnects { get; init; }

    /// <summary>The hubs' resident memory at its peak, summed over <c>--hub-pid</c>s.</summary>
    public required double? ServerRssMb { get; init; }

    public required double? RssPerConnectionKb { get; init; }

    /// <summary>CPU while publishing, summed over the hubs (100 = one core).</summary>
    public required double? ServerCpuAvgPercent { get; init; }

    public required double? ClientCpuAvgPercent { get; init; }

    /// <summary>The machine's one-minute load average while publishing; the hub and this console share its cores.</summary>
    public required double? MachineLoadAvg { get; init; }

    public required IReadOnlyList<HubProcessReport> Server { get; init; }

    public IReadOnlyList<StepReport>? Steps { get; init; }

    public double? MaxRateWithinBound { get; init; }

    public double? MaxThroughputWithinBoundPerS { get; init; }

    public required IReadOnlyList<CheckResult> Checks { get; init; }

    public bool Passed => Checks.All(c => c.Passed);
}

internal sealed record ReportParameters(
    IReadOnlyList<string> Hubs,
    int Connections,
    int Users,
    int ConnectionsPerUser,
    double RampPerS,
    double RatePerS,
    double DurationS,
    double HoldS,
    string PublishMode,
    int Publishers,
    double DrainTimeoutS,
    IReadOnlyList<double> CapacitySteps,
    double CapacityP99BoundMs,
    IReadOnlyList<int> HubPids,
    string Target,
    double WarmUpS,
    IReadOnlyList<int> ServicePids);

/// <summary>
/// One rate of the capacity scenario. CPU seconds run from its first publish to the end of its
/// draining: the hubs', and the services' (<c>--service-pid</c>: Redis, PostgreSQL) apart.
/// </summary>
internal sealed record StepReport(
    double RatePerS,
    long Sent,
    long PublishErrors,
    long Expected,
    long Delivered,
    double ThroughputPerS,
    double DeliveriesPerS,
    LatencySummary PublishMs,
    LatencySummary DeliveryMs,
    double? ServerCpuAvgPercent,
    bool WithinBound,
    double? HubCpuS,
    double? ServiceCpuS);

internal sealed record CheckResult(string Name, string Comparison, double Limit, double Actual)
{
    public bool Passed => Comparison == "<=" ? Actual <= Limit : Actual >= Limit;
}
