using HdrHistogram;

namespace Vividly.LoadTest.Metrics;

/// <summary>Percentiles of one histogram, in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>From a histogram of microseconds.</summary>
    public static LatencySummary From(HistogramBase micros) => micros.TotalCount == 0
        ? Empty
        : new(
            micros.TotalCount,
            Milliseconds(micros.GetValueAtPercentile(50)),
            Milliseconds(micros.GetValueAtPercentile(95)),
            Milliseconds(micros.GetValueAtPercentile(99)),
            Milliseconds(micros.GetMaxValue()),
            Math.Round(micros.GetMean() / 1_000, 3));

    private static double Milliseconds(long micros) => Math.Round(micros / 1_000.0, 3);
}
