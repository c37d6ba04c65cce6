using System.Diagnostics.Metrics;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Tests.Unit;

/// <summary>Real instruments on a meter nobody listens to.</summary>
public sealed class TestMeters : IMeterFactory
{
    public static ServiceMetrics Metrics() => new(new TestMeters());

    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
