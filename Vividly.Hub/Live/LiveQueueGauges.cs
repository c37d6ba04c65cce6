using System.Diagnostics.Metrics;
using Vividly.Hub.Redis;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Live;

/// <summary>
/// What waits while a device or Redis is slow, read when metrics are collected: live messages
/// queued for connections (each outbox holds at most <c>SSE_SEND_BUFFER_MESSAGES</c>) and
/// commands sent to Redis and not yet answered (nothing is sent while Redis is away or stalled).
/// </summary>
public sealed class LiveQueueGauges : IHostedService
{
    public LiveQueueGauges(IMeterFactory meterFactory, ConnectionRegistry connections, RedisConnection redis)
    {
        var meter = meterFactory.Create(ServiceMetrics.MeterName);
        meter.CreateObservableGauge("vividly.live.queued", () => connections.All().Sum(c => (long)c.Outbox.Count),
            description: "Live messages waiting in connections' outboxes.");
        meter.CreateObservableGauge("vividly.redis.outstanding", () => redis.Connection?.GetCounters().TotalOutstanding ?? 0,
            description: "Commands sent to Redis and not yet answered.");
    }

    // Resolved at start so the gauges exist from the first collection.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
