using System.Diagnostics;
using System.Globalization;
using Vividly.Hub.Client.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.LoadTest.Cli;
using Vividly.LoadTest.Connections;
using Vividly.LoadTest.Metrics;
using Vividly.LoadTest.Publishing;
using Vividly.LoadTest.Reporting;

namespace Vividly.LoadTest.Run;

/// <summary>
/// Connect the fleet at the ramp rate, let the hub settle (memory per connection is read then),
/// hold idle, publish phase by phase, wait for every delivery, settle the ledger.
/// </summary>
internal sealed class LoadRun
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);
    private const string WarmUpUser = "load-warmup";

    private readonly LoadOptions _options;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly RunCounters _counters = new();
    private readonly ResourceMonitor _monitor;
    private readonly CpuClock _cpu;
    private readonly DeliveryLedger _ledger;
    private readonly PublishPhase[] _phases;
    private readonly HubTokenFactory _tokens;
    private readonly long _began = Stopwatch.GetTimestamp();
    private string _stage = "starting";
    private PublishPhase? _current;
    private long _nextUser = -1;

    public LoadRun(LoadOptions options)
    {
        _options = options;
        _monitor = new ResourceMonitor(options.HubPids);
        _cpu = new CpuClock(options.HubPids, options.ServicePids);
        _ledger = new DeliveryLedger(options.Users);
        IReadOnlyList<double> rates = options.CapacitySteps.Count > 0 ? options.CapacitySteps : [options.Rate];
        var phases = rates.Select(rate => (Rate: rate, options.Duration, Measured: true));
        if (options.WarmUp > TimeSpan.Zero) phases = phases.Prepend((rates[0], options.WarmUp, false));
        _phases = [.. phases.Select((p, i) => new PublishPhase(i, p.Rate, p.Duration, p.Measured))];
        _tokens = new HubTokenFactory(new HubTokenSettings(options.Secret, options.Issuer, options.Audience), TimeProvider.System);
    }

    private bool IsCapacity => _options.CapacitySteps.Count > 0;

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var userTokens = Enumerable.Range(0, _options.Users).Select(u => _tokens.Create(UserId(u), TokenLifetime)).ToArray();
        // Every connection, publisher and warm-up connection holds one stream.
        using var http = new SharedHttp(_options.Connections + _options.Publishers + _options.Hubs.Count);
        var context = new RunContext(_runId, http, _counters, new ClientEventCounter(_counters), _options.Target);
        await using var fleet = new ConnectionFleet(_options, context, u => userTokens[u], OnReceived);
        await using var progress = ProgressPrinter.Start(() => ProgressLine(fleet));

        _stage = "warming up";
        await using (var publisher = await CreatePublisherAsync(context, http, cancellationToken))
        {
            await WarmUpAsync(publisher, context, cancellationToken);

            _monitor.MarkBeforeConnecting();
            _stage = "connecting";
            await fleet.OpenAsync(cancellationToken);
            _stage = "settling";
            await Task.Delay(SettleTime, cancellationToken);
            _monitor.MarkConnected();
            if (_options.Hold > TimeSpan.Zero)
            {
                _stage = "holding";
                await Task.Delay(_options.Hold, cancellationToken);
            }

            var deliveriesByUser = fleet.ConnectionsByUser();
            foreach (var phase in _phases)
            {
                _current = phase;
                await RunPhaseAsync(phase, publisher, deliveriesByUser, cancellationToken);
                _current = null;
                if (IsCapacity && phase.Measured && !WithinBound(phase)) break;
            }
        }

        _stage = "done";
        _monitor.MarkEnd();
        var totals = _ledger.Settle(fleet.Connected.Select(c => (c.User, c.Tally)));
        return BuildReport(startedAt, fleet, totals);
    }

    private async Task<IPublisher> CreatePublisherAsync(RunContext context, SharedHttp http, CancellationToken cancellationToken)
    {
        if (_options.PublishMode == PublishMode.Http)
            return new HttpPublisher(http.Client, _options.Hubs, _tokens.Create("load-publisher", TokenLifetime, Roles.Publish));
        if (_options.PublishMode == PublishMode.Batch)
            return new BatchPublisher(http.Client, _options.Hubs, _tokens.Create("load-publisher", TokenLifetime, Roles.Publish), _options.BatchSize);
        try
        {
            return await HubPublisher.ConnectAsync(
                _options.Hubs, _options.Publishers, i => _tokens.Create($"load-publisher-{i}", TokenLifetime, Roles.Publish),
                context, _options.ConnectTimeout, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Aborted("The publishing connections");
        }
    }

    private RunAbortedException Aborted(string what) => new(
        $"{what} did not connect within {_options.ConnectTimeout.TotalSeconds} s: {string.Join("; ", _counters.Samples().Keys)}");

    /// <summary>
    /// One connection per hub and one publish per publisher, unmeasured: the first calls of a
    /// fresh process pay for JIT compilation, which is this console's cost, not the hub's.
    /// </summary>
    private async Task WarmUpAsync(IPublisher publisher, RunContext context, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        var token = _tokens.Create(WarmUpUser, TokenLifetime);
        var connections = _options.Hubs.Select(hub => new LoadConnection(-1, hub, token, context, static (_, _) => { })).ToArray();
        try
        {
            await Task.WhenAll(connections.Select(c => c.ConnectAsync(new LatencyRecorder(), deadline.Token)));
            for (var i = 0; i < Math.Max(_options.Publishers, _options.Hubs.Count); i++)
            {
                await publisher.PublishAsync(
                    new PublishRequest(WarmUpUser, NotificationTypes.SystemAnnouncement, "Load test warm-up", "Warm-up", NotificationPriorities.Low),
                    deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Aborted("The warm-up");
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    private async Task RunPhaseAsync(PublishPhase phase, IPublisher publisher, int[] deliveriesByUser, CancellationToken cancellationToken)
    {
        _stage = string.Create(CultureInfo.InvariantCulture, $"{(phase.Measured ? "publishing" : "warming up at")} {phase.Rate}/s");
        var inFlight = new List<Task>((int)Math.Min(phase.Total, 1_000_000));
        var cpuBefore = _cpu.Read();
        phase.Start();
        await Pacer.RunAsync(phase.Total, phase.Rate, n => inFlight.Add(PublishOneAsync(phase, n, publisher, deliveriesByUser, cancellationToken)), cancellationToken, publisher.Flush);
        await Task.WhenAll(inFlight);
        phase.PublishesAnswered();

        _stage = "draining";
        var drainStarted = Stopwatch.GetTimestamp();
        while (!phase.AllDelivered && Stopwatch.GetElapsedTime(drainStarted) < _options.DrainTimeout)
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
        phase.DrainEnded();
        phase.CpuSpent = _cpu.Read() - cpuBefore;
    }

    private async Task PublishOneAsync(PublishPhase phase, long n, IPublisher publisher, int[] deliveriesByUser, CancellationToken cancellationToken)
    {
        var user = (int)(Interlocked.Increment(ref _nextUser) % _options.Users);
        phase.OnAttempt();
        var sentAt = Stopwatch.GetTimestamp();
        var request = new PublishRequest(
            UserId(user),
            NotificationTypes.GenerationProgress,
            "Load test",
            string.Create(CultureInfo.InvariantCulture, $"Notification {n} of phase {phase.Index}"),
            NotificationPriorities.Normal,
            LoadPayload.Create(_runId, phase.Index, sentAt),
            string.Create(CultureInfo.InvariantCulture, $"{_runId}:{phase.Index}:{n}"));
        try
        {
            var result = await publisher.PublishAsync(request, cancellationToken);
            phase.PublishTimes.Record(sentAt, Stopwatch.GetTimestamp());
            _ledger.Published(user, result.Seq);
            phase.OnAccepted(deliveriesByUser[user]);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            phase.OnFailed();
            _counters.PublishFailed(ex);
        }
    }

    private void OnReceived(LoadConnection connection, Notification notification)
    {
        var now = Stopwatch.GetTimestamp();
        if (!LoadPayload.TryRead(notification.Payload, _runId, out var index, out var sentAt)) return;
        if (!connection.Tally.Raised(notification.Seq)) return;
        var phase = _phases[index];
        phase.DeliveryTimes.Record(sentAt, now);
        phase.OnDelivered();
    }

    /// <summary>A capacity step counts only if it kept up, lost and failed nothing, and stayed under the delivery bound.</summary>
    private bool WithinBound(PublishPhase phase) =>
        phase.Errors == 0
        && phase.AllDelivered
        && phase.Throughput >= phase.Rate * 0.95
        && phase.DeliveryTimes.Total().P99 <= _options.CapacityP99BoundMs;

    private string ProgressLine(ConnectionFleet fleet)
    {
        var phase = _current;
        var resources = _monitor.Sample(underLoad: phase is { Measured: true });
        phase?.OnHubCpu(resources.HubCpuPercent);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{Stopwatch.GetElapsedTime(_began).TotalSeconds,5:F0}s] {_stage,-22} conns {fleet.ConnectedCount}/{_options.Connections}");
        if (phase is not null)
        {
            var delivery = phase.DeliveryTimes.TakeInterval();
            var publish = phase.PublishTimes.TakeInterval();
            line += string.Create(CultureInfo.InvariantCulture,
                $" | sent {phase.Accepted}/{phase.Attempted} | delivered {phase.Delivered}/{phase.Expected} | delivery p50 {delivery.P50:F1} p99 {delivery.P99:F1} ms | publish p99 {publish.P99:F1} ms");
        }
        line += string.Create(CultureInfo.InvariantCulture, $" | errors {_counters.Errors} reconnects {_counters.Reconnects}");
        if (_monitor.HasHubs)
            line += string.Create(CultureInfo.InvariantCulture, $" | hub cpu {resources.HubCpuPercent ?? 0:F0}% rss {resources.HubRssMb ?? 0:F0} MiB");
        return line + string.Create(CultureInfo.InvariantCulture, $" | client cpu {resources.SelfCpuPercent ?? 0:F0}%");
    }

    private LoadReport BuildReport(DateTimeOffset startedAt, ConnectionFleet fleet, DeliveryTotals totals)
    {
        var ran = _phases.Where(p => p.Measured && p.Attempted > 0).ToArray();
        var steps = IsCapacity
            ? ran.Select(p => new StepReport(
                p.Rate, p.Accepted, p.Errors, p.Expected, p.Delivered, Math.Round(p.Throughput, 1), Math.Round(p.DeliveryRate, 1),
                p.PublishTimes.Total(), p.DeliveryTimes.Total(), p.HubCpuAverage is { } cpu ? Math.Round(cpu, 1) : null, WithinBound(p),
                Round(p.CpuSpent.HubSeconds), Round(p.CpuSpent.ServiceSeconds))).ToArray()
            : null;
        var best = steps?.Where(s => s.WithinBound).MaxBy(s => s.RatePerS);
        var server = _monitor.Report();
        var publishErrors = ran.Sum(p => p.Errors);
        var errors = _counters.ConnectionErrors + publishErrors;
        var throughput = Rate(ran.Sum(p => p.Accepted), ran.Sum(p => p.PublishSeconds));
        var o = _options;

        var checks = new List<CheckResult>
        {
            new("lost", "<=", 0, totals.Lost),
            new("duplicated", "<=", 0, totals.Duplicated),
            // Past the capacity bound, refused publishes are the expected way to fail.
            new("errors", "<=", o.Thresholds.MaxErrors, IsCapacity ? _counters.ConnectionErrors + (steps!.Where(s => s.WithinBound).Sum(s => s.PublishErrors)) : errors),
        };
        var connect = fleet.ConnectTimes.Total();
        var publish = LatencyRecorder.Merge(ran.Select(p => p.PublishTimes));
        var delivery = LatencyRecorder.Merge(ran.Select(p => p.DeliveryTimes));
        if (o.Thresholds.MaxConnectP95Ms is { } maxConnect) checks.Add(new("connect p95 ms", "<=", maxConnect, connect.P95));
        if (o.Thresholds.MaxPublishP95Ms is { } maxPublish) checks.Add(new("publish p95 ms", "<=", maxPublish, publish.P95));
        if (o.Thresholds.MaxDeliveryP95Ms is { } maxDelivery) checks.Add(new("delivery p95 ms", "<=", maxDelivery, delivery.P95));
        // A capacity step within bound kept up with its rate (95 % or more accepted in time); its
        // achieved figure sits a little under the rate because its window ends at the last answer.
        if (o.Thresholds.MinThroughput is { } minThroughput)
            checks.Add(new("throughput /s", ">=", minThroughput, IsCapacity ? best?.RatePerS ?? 0 : throughput));
        if (IsCapacity) checks.Add(new("steps within bound", ">=", 1, steps!.Count(s => s.WithinBound)));

        return new LoadReport
        {
            Scenario = o.Scenario,
            RunId = _runId,
            StartedAt = startedAt,
            ElapsedS = Math.Round(Stopwatch.GetElapsedTime(_began).TotalSeconds, 1),
            Parameters = new ReportParameters(
                [.. o.Hubs.Select(h => h.ToString())], o.Connections, o.Users, o.ConnectionsPerUser, o.RampPerSecond, o.Rate,
                o.Duration.TotalSeconds, o.Hold.TotalSeconds, o.PublishMode.ToString().ToLowerInvariant(), o.Publishers,
                o.DrainTimeout.TotalSeconds, o.CapacitySteps, o.CapacityP99BoundMs, o.HubPids,
                o.Target.ToString().ToLowerInvariant(), o.WarmUp.TotalSeconds, o.ServicePids),
            Connected = fleet.Connected.Count,
            ConnectMs = connect,
            PublishMs = publish,
            DeliveryMs = delivery,
            Sent = ran.Sum(p => p.Accepted),
            PublishErrors = publishErrors,
            Expected = totals.Expected,
            Delivered = totals.Delivered,
            Lost = totals.Lost,
            Duplicated = totals.Duplicated,
            DuplicatedLive = totals.DuplicatedLive,
            DuplicatedRaised = totals.DuplicatedRaised,
            Unexpected = totals.Unexpected,
            RecoveredByResume = totals.RecoveredByResume,
            DeliverySuccessPercent = totals.Expected == 0 ? 100 : Math.Round(100.0 * totals.Delivered / totals.Expected, 4),
            ThroughputPerS = Math.Round(throughput, 1),
            DeliveriesPerS = Math.Round(Rate(ran.Sum(p => p.Delivered), ran.Sum(p => p.DeliverySeconds)), 1),
            Errors = errors,
            ErrorBreakdown = _counters.Breakdown() with { PublishErrors = publishErrors },
            ErrorSamples = _counters.Samples(),
            Reconnects = _counters.Reconnects,
            ServerRssMb = server.Count == 0 ? null : server.Sum(s => s.RssPeakMb ?? 0),
            RssPerConnectionKb = _monitor.RssPerConnectionKb(fleet.Connected.Count),
            ServerCpuAvgPercent = server.Count == 0 ? null : server.Sum(s => s.CpuAvgPercent ?? 0),
            ClientCpuAvgPercent = _monitor.SelfCpuAveragePercent is { } self ? Math.Round(self, 1) : null,
            MachineLoadAvg = _monitor.MachineLoadAverage is { } load ? Math.Round(load, 2) : null,
            Server = server,
            Steps = steps,
            MaxRateWithinBound = best?.RatePerS,
            MaxThroughputWithinBoundPerS = best?.ThroughputPerS,
            Checks = checks,
        };
    }

    private static double Rate(double count, double seconds) => seconds > 0 ? count / seconds : 0;

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static string UserId(int user) => string.Create(CultureInfo.InvariantCulture, $"load-user-{user}");
}
