using System.Diagnostics;
using Vividly.LoadTest.Metrics;

namespace Vividly.LoadTest.Run;

/// <summary>
/// Publishing at one rate for a while, then waiting for delivery: a run has one, the capacity
/// scenario one per step. An unmeasured phase (the warm-up) counts toward lost and duplicated only.
/// </summary>
internal sealed class PublishPhase(int index, double rate, TimeSpan duration, bool measured = true)
{
    private long _attempted;
    private long _accepted;
    private long _errors;
    private long _expected;
    private long _delivered;
    private long _started;
    private long _answered;
    private long _drained;
    private double _hubCpuSum;
    private int _hubCpuSamples;

    public int Index => index;

    public double Rate => rate;

    public bool Measured => measured;

    /// <summary>CPU the hubs and their services spent from the first publish to the end of draining.</summary>
    public CpuReading CpuSpent { get; set; }

    public long Total { get; } = Math.Max(1, (long)Math.Round(rate * duration.TotalSeconds));

    public LatencyRecorder PublishTimes { get; } = new();

    public LatencyRecorder DeliveryTimes { get; } = new();

    public long Attempted => Interlocked.Read(ref _attempted);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Deliveries the accepted publishes call for: one per live connection of the user.</summary>
    public long Expected => Interlocked.Read(ref _expected);

    public long Delivered => Interlocked.Read(ref _delivered);

    public bool AllDelivered => Delivered >= Expected;

    /// <summary>From the first publish to the last answer.</summary>
    public double PublishSeconds => Window(_answered);

    /// <summary>From the first publish to the end of draining.</summary>
    public double DeliverySeconds => Window(_drained);

    /// <summary>Accepted publishes per second.</summary>
    public double Throughput => PublishSeconds > 0 ? Accepted / PublishSeconds : 0;

    public double DeliveryRate => DeliverySeconds > 0 ? Delivered / DeliverySeconds : 0;

    public double? HubCpuAverage => _hubCpuSamples == 0 ? null : _hubCpuSum / _hubCpuSamples;

    public void Start() => _started = Stopwatch.GetTimestamp();

    public void PublishesAnswered() => _answered = Stopwatch.GetTimestamp();

    public void DrainEnded() => _drained = Stopwatch.GetTimestamp();

    public void OnAttempt() => Interlocked.Increment(ref _attempted);

    public void OnAccepted(int deliveries)
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Add(ref _expected, deliveries);
    }

    public void OnFailed() => Interlocked.Increment(ref _errors);

    public void OnDelivered() => Interlocked.Increment(ref _delivered);

    /// <summary>Called once a second by the progress line while this phase runs.</summary>
    public void OnHubCpu(double? percent)
    {
        if (percent is not { } value) return;
        _hubCpuSum += value;
        _hubCpuSamples++;
    }

    private double Window(long end) =>
        _started == 0 || end == 0 ? 0 : Stopwatch.GetElapsedTime(_started, end).TotalSeconds;
}
