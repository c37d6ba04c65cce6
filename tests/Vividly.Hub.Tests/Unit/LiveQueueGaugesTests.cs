using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vividly.Hub.Redis;
using Vividly.Hub.Shared;
using Vividly.Hub.Live;

namespace Vividly.Hub.Tests.Unit;

public sealed class LiveQueueGaugesTests
{
    [Fact]
    public async Task The_queued_gauge_counts_what_waits_in_every_outbox()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var connections = new ConnectionRegistry();
        await using var redis = new RedisConnection(Options.Create(new RedisOptions()), NullLogger<RedisConnection>.Instance);
        _ = new LiveQueueGauges(services.GetRequiredService<IMeterFactory>(), connections, redis);
        var first = Connection("c1");
        var second = Connection("c2");
        connections.Add(first);
        connections.Add(second);

        Assert.True(first.Outbox.TryEnqueue(new LiveEvent("u", ResumeRequest: new("test"))));
        Assert.True(first.Outbox.TryEnqueue(new LiveEvent("u", ResumeRequest: new("test"))));
        Assert.True(second.Outbox.TryEnqueue(new LiveEvent("u", ResumeRequest: new("test"))));

        Assert.Equal(3, Observe("vividly.live.queued"));
        Assert.Equal(0, Observe("vividly.redis.outstanding"));
    }

    private static LocalConnection Connection(string id) =>
        new(id, null, "u", null, new ControlStub(), new ConnectionOutbox(8), DateTimeOffset.UnixEpoch);

    private static long Observe(string instrument)
    {
        long? seen = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (found, l) =>
            {
                if (found.Meter.Name == ServiceMetrics.MeterName && found.Name == instrument) l.EnableMeasurementEvents(found);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => seen = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return seen ?? throw new InvalidOperationException($"{instrument} was not observed.");
    }

    /// <summary>The gauges read outboxes only; the connection is never closed.</summary>
    private sealed class ControlStub : IConnectionControl
    {
        public void CloseAllowingReconnect(CloseReason reason) { }
    }
}
