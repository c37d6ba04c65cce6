namespace Vividly.LoadTest.Metrics;

/// <summary>
/// Samples the hub processes and this one once a second. Memory per connection is the hubs'
/// RSS growth from before the first connection to after the last, over the connections.
/// </summary>
internal sealed class ResourceMonitor(IReadOnlyList<int> hubPids)
{
    private readonly HubProcess[] _hubs = [.. hubPids.Select(pid => new HubProcess(new ProcessSampler(pid)))];
    private readonly ProcessSampler _self = new(Environment.ProcessId);
    private readonly Average _selfCpu = new();
    private readonly Average _machineLoad = new();

    // The progress loop and the run's phases both sample; the CPU deltas must not interleave.
    private readonly Lock _gate = new();

    public bool HasHubs => _hubs.Length > 0;

    /// <summary>Takes a sample; CPU counts toward the averages only while <paramref name="underLoad"/>.</summary>
    public ResourceSnapshot Sample(bool underLoad)
    {
        lock (_gate) return SampleLocked(underLoad);
    }

    private ResourceSnapshot SampleLocked(bool underLoad)
    {
        double? hubCpu = null, hubRss = null;
        foreach (var hub in _hubs)
        {
            if (hub.Sample(underLoad) is not { } sample) continue;
            hubCpu = (hubCpu ?? 0) + (sample.CpuPercent ?? 0);
            hubRss = (hubRss ?? 0) + sample.RssMb;
        }
        var self = _self.Sample();
        if (underLoad)
        {
            _selfCpu.Add(self?.CpuPercent);
            _machineLoad.Add(LoadAverage());
        }
        return new ResourceSnapshot(hubCpu, hubRss, self?.CpuPercent);
    }

    public void MarkBeforeConnecting()
    {
        lock (_gate)
            foreach (var hub in _hubs) hub.RssBeforeMb = hub.Sample(false)?.RssMb;
    }

    public void MarkConnected()
    {
        lock (_gate)
            foreach (var hub in _hubs) hub.RssConnectedMb = hub.Sample(false)?.RssMb;
    }

    public void MarkEnd()
    {
        lock (_gate)
            foreach (var hub in _hubs) hub.RssEndMb = hub.Sample(false)?.RssMb;
    }

    public double? RssPerConnectionKb(int connections)
    {
        if (_hubs.Length == 0 || connections == 0 || _hubs.Any(h => h.RssBeforeMb is null || h.RssConnectedMb is null)) return null;
        return Math.Round(_hubs.Sum(h => h.RssConnectedMb!.Value - h.RssBeforeMb!.Value) * 1024 / connections, 2);
    }

    public IReadOnlyList<HubProcessReport> Report() => [.. _hubs.Select(h => h.Report())];

    public double? SelfCpuAveragePercent => _selfCpu.Mean;

    /// <summary>The machine's one-minute load average while publishing: above the core count, everything here waits for a CPU.</summary>
    public double? MachineLoadAverage => _machineLoad.Mean;

    private sealed class HubProcess(ProcessSampler sampler)
    {
        private readonly Average _cpu = new();
        private double _rssPeakMb;
        private double _cpuPeak;

        public double? RssBeforeMb { get; set; }

        public double? RssConnectedMb { get; set; }

        public double? RssEndMb { get; set; }

        public ProcessSample? Sample(bool underLoad)
        {
            var sample = sampler.Sample();
            if (sample is null) return null;
            _rssPeakMb = Math.Max(_rssPeakMb, sample.RssMb);
            if (underLoad)
            {
                _cpu.Add(sample.CpuPercent);
                _cpuPeak = Math.Max(_cpuPeak, sample.CpuPercent ?? 0);
            }
            return sample;
        }

        public HubProcessReport Report() => new(
            sampler.Pid, Round(RssBeforeMb), Round(RssConnectedMb), Round(_rssPeakMb), Round(RssEndMb),
            Round(_cpu.Mean), Round(_cpuPeak));
    }

    private sealed class Average
    {
        private double _sum;
        private int _count;

        public double? Mean => _count == 0 ? null : _sum / _count;

        public void Add(double? sample)
        {
            if (sample is not { } value) return;
            _sum += value;
            _count++;
        }
    }

    private static double? LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

internal sealed record ResourceSnapshot(double? HubCpuPercent, double? HubRssMb, double? SelfCpuPercent);

internal sealed record HubProcessReport(
    int Pid,
    double? RssBeforeMb,
    double? RssConnectedMb,
    double? RssPeakMb,
    double? RssEndMb,
    double? CpuAvgPercent,
    double? CpuPeakPercent);
