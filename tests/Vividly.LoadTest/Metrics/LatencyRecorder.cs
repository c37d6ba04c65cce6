using System.Diagnostics;
using HdrHistogram;

namespace Vividly.LoadTest.Metrics;

/// <summary>
/// An HDR histogram of latencies in microseconds. Any thread records; the progress line takes
/// the last second's interval, which also feeds the run's total.
/// </summary>
internal sealed class LatencyRecorder
{
    private const long HighestMicros = 3_600_000_000;
    private const int SignificantDigits = 3;

    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1)
        .WithValuesUpTo(HighestMicros)
        .WithPrecisionOf(SignificantDigits)
        .WithThreadSafeWrites()
        .WithThreadSafeReads()
        .Create();

    private readonly LongHistogram _total = new(HighestMicros, SignificantDigits);
    private readonly Lock _gate = new();
    private HistogramBase? _interval;

    public void Record(long startTimestamp, long endTimestamp) =>
        _recorder.RecordValue(Math.Clamp(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).Ticks / TimeSpan.TicksPerMicrosecond, 0, HighestMicros));

    /// <summary>What was recorded since the last call.</summary>
    public LatencySummary TakeInterval()
    {
        lock (_gate)
        {
            _interval = _recorder.GetIntervalHistogram(_interval);
            _total.Add(_interval);
            return LatencySummary.From(_interval);
        }
    }

    public LatencySummary Total()
    {
        lock (_gate)
        {
            TakeInterval();
            return LatencySummary.From(_total);
        }
    }

    /// <summary>Several recorders as one, for a run made of phases.</summary>
    public static LatencySummary Merge(IEnumerable<LatencyRecorder> recorders)
    {
        var merged = new LongHistogram(HighestMicros, SignificantDigits);
        foreach (var recorder in recorders)
        {
            lock (recorder._gate)
            {
                recorder.TakeInterval();
                merged.Add(recorder._total);
            }
        }
        return LatencySummary.From(merged);
    }
}
