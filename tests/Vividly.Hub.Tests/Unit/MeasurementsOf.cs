using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Tests.Unit;

/// <summary>What one <c>Vividly.Hub</c> instrument of one meter factory records, with its tags; other tests' meters are not heard.</summary>
public sealed class MeasurementsOf<T> : IDisposable where T : struct
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(T Value, Dictionary<string, object?> Tags)> _values = new();

    public MeasurementsOf(IMeterFactory meters, string instrument)
    {
        _listener.InstrumentPublished = (found, listener) =>
        {
            if (found.Meter.Name == ServiceMetrics.MeterName && found.Meter.Scope == meters && found.Name == instrument) listener.EnableMeasurementEvents(found);
        };
        _listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
        {
            var copied = new Dictionary<string, object?>();
            foreach (var tag in tags) copied[tag.Key] = tag.Value;
            _values.Enqueue((value, copied));
        });
        _listener.Start();
    }

    public IReadOnlyList<(T Value, Dictionary<string, object?> Tags)> Values => [.. _values];

    public void Dispose() => _listener.Dispose();
}
