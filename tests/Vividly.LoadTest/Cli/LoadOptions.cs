using Vividly.Hub.Client.Auth;

namespace Vividly.LoadTest.Cli;

internal enum PublishMode
{
    /// <summary>The hub method <c>Publish</c>, through the client's retrying pipeline.</summary>
    Hub,

    /// <summary><c>POST /api/v1/notifications/publish</c>, one request per notification, no retries.</summary>
    Http,

    /// <summary><c>POST /api/v1/notifications/publish/batch</c>, what each pacer tick starts in batches of <see cref="LoadOptions.BatchSize"/>, no retries.</summary>
    Batch,
}

/// <summary>One run: a scenario's defaults with the command line's overrides applied.</summary>
internal sealed record LoadOptions
{
    public required string Scenario { get; init; }

    public IReadOnlyList<Uri> Hubs { get; init; } = [];

    public string Secret { get; init; } = "";

    public string Issuer { get; init; } = HubTokenSettings.DefaultIssuer;

    public string Audience { get; init; } = HubTokenSettings.DefaultAudience;

    public string? ReportPath { get; init; }

    public int Connections { get; init; } = 20;

    /// <summary>Connection i belongs to user i mod Users, so each user holds Connections / Users of them.</summary>
    public int Users { get; init; } = 10;

    /// <summary>Connections opened per second.</summary>
    public double RampPerSecond { get; init; } = 100;

    /// <summary>Notifications published per second; each goes to one user, round robin.</summary>
    public double Rate { get; init; } = 50;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long every connection stays idle, all connected, before publishing starts.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.Zero;

    public PublishMode PublishMode { get; init; } = PublishMode.Hub;

    /// <summary>
    /// Publishing connections (hub mode), spread over the hubs. The hub runs one connection's
    /// invocations one at a time, so a single publisher caps the rate at one store write at a time.
    /// </summary>
    public int Publishers { get; init; } = 4;

    /// <summary>The most notifications one batch holds (batch mode).</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>How long, after the last connection was started, the fleet may take to be connected.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long, after the last publish was answered, delivery may take before the rest counts as lost.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Publish rates tried one after another (the capacity scenario); empty: one phase at <see cref="Rate"/>.</summary>
    public IReadOnlyList<double> CapacitySteps { get; init; } = [];

    /// <summary>A capacity step is within bound while its delivery p99 stays under this.</summary>
    public double CapacityP99BoundMs { get; init; } = 100;

    public IReadOnlyList<int> HubPids { get; init; } = [];

    /// <summary>Redis, PostgreSQL and other processes the hubs lean on: their CPU, children included, is counted per capacity step.</summary>
    public IReadOnlyList<int> ServicePids { get; init; } = [];

    public HubTarget Target { get; init; } = HubTarget.Vividly;

    /// <summary>An unmeasured phase at the first rate before the measured ones, so the hub's JIT is not in the first step.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    public Thresholds Thresholds { get; init; } = new();

    public int ConnectionsPerUser => (Connections + Users - 1) / Users;
}

/// <summary>Limits that fail the run (non-zero exit) when missed; unset ones are not checked.</summary>
internal sealed record Thresholds(
    double? MaxConnectP95Ms = null,
    double? MaxPublishP95Ms = null,
    double? MaxDeliveryP95Ms = null,
    double? MinThroughput = null,
    long MaxErrors = 0);
