using System.Diagnostics.Metrics;

namespace Vividly.Hub.Shared;

/// <summary>
/// The counts the health endpoint reports, also published as <c>Vividly.Hub</c> metrics for
/// OpenTelemetry or <c>dotnet-counters</c>.
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "Vividly.Hub";
    public const string DeliveryLatencyName = "vividly.hub.delivery.latency";
    public const string ConnectionErrorsName = "vividly.hub.connection.errors";

    /// <summary>Finer than OpenTelemetry's default where the service level lies (p95 under 50 ms).</summary>
    private static readonly double[] LatencyBuckets = [1, 2, 5, 10, 15, 20, 30, 50, 75, 100, 150, 250, 500, 1000, 2500, 5000, 10000];

    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _publishErrors;
    private readonly Counter<long> _subscribeErrors;
    private readonly Counter<long> _established;
    private readonly Counter<long> _closed;
    private readonly Counter<long> _slowClosed;
    private readonly UpDownCounter<long> _storePending;
    private readonly Counter<long> _storeFailures;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Counter<long> _connectionErrors;
    private long _publishedCount;
    private long _deliveredCount;
    private long _publishErrorCount;
    private long _subscribeErrorCount;
    private long _establishedCount;
    private long _closedCount;
    private long _storePendingCount;
    private long _storeFailureCount;

    public ServiceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>("vividly.notifications.published", description: "Notifications stored and sent.");
        _delivered = meter.CreateCounter<long>("vividly.notifications.delivered", description: "Live sends handed to SignalR.");
        _publishErrors = meter.CreateCounter<long>("vividly.notifications.publish_errors", description: "Publishes refused or whose live send failed.");
        _subscribeErrors = meter.CreateCounter<long>("vividly.connections.subscribe_errors", description: "Times this instance could not listen for the other instances' live messages.");
        _established = meter.CreateCounter<long>("vividly.connections.established");
        _closed = meter.CreateCounter<long>("vividly.connections.closed");
        _slowClosed = meter.CreateCounter<long>("vividly.connections.slow_closed", description: "Connections closed because their send buffer filled.");
        _storePending = meter.CreateUpDownCounter<long>("vividly.store.pending", description: "Inbox store operations started and not yet finished, abandoned ones included.");
        _storeFailures = meter.CreateCounter<long>("vividly.store.failures", description: "Inbox store operations answered 503: timed_out, refused (too many pending) or unreachable.");
        _deliveryLatency = meter.CreateHistogram(DeliveryLatencyName, unit: "ms",
            description: "From a notification's created_at, stamped as the store writes it, to its live write to a connection's transport completing; once per connection.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _connectionErrors = meter.CreateCounter<long>(ConnectionErrorsName, unit: "{error}",
            description: "Connects refused or failed (reason: unauthorized, refused, rejected, failed, start_failed) and live writes a transport failed (send_failed).");
    }

    public void Published() => Count(_published, ref _publishedCount);

    public void Delivered() => Count(_delivered, ref _deliveredCount);

    public void PublishError() => Count(_publishErrors, ref _publishErrorCount);

    public void SubscribeError() => Count(_subscribeErrors, ref _subscribeErrorCount);

    public void ConnectionEstablished() => Count(_established, ref _establishedCount);

    public void ConnectionClosed() => Count(_closed, ref _closedCount);

    public void SlowConnectionClosed() => _slowClosed.Add(1);

    public void StoreOperationStarted()
    {
        Interlocked.Increment(ref _storePendingCount);
        _storePending.Add(1);
    }

    public void StoreOperationEnded()
    {
        Interlocked.Decrement(ref _storePendingCount);
        _storePending.Add(-1);
    }

    public void StoreFailed(string reason)
    {
        Interlocked.Increment(ref _storeFailureCount);
        _storeFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>A notification's live write to one connection's transport completed <paramref name="latency"/> after it was stored.</summary>
    public void NotificationWritten(TimeSpan latency) => _deliveryLatency.Record(Math.Max(0, latency.TotalMilliseconds));

    /// <summary>A connect (negotiate, the SSE request or a plain stream) failed, or a live write on a connection did.</summary>
    public void ConnectionError(string reason) => _connectionErrors.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public ServiceMetricsSnapshot Snapshot() => new(
        Interlocked.Read(ref _publishedCount),
        Interlocked.Read(ref _deliveredCount),
        Interlocked.Read(ref _establishedCount),
        Interlocked.Read(ref _closedCount),
        Interlocked.Read(ref _publishErrorCount),
        Interlocked.Read(ref _subscribeErrorCount),
        Interlocked.Read(ref _storePendingCount),
        Interlocked.Read(ref _storeFailureCount));

    private static void Count(Counter<long> counter, ref long total)
    {
        Interlocked.Increment(ref total);
        counter.Add(1);
    }
}

public sealed record ServiceMetricsSnapshot(
    long NotificationsPublished,
    long NotificationsDelivered,
    long ConnectionsEstablished,
    long ConnectionsClosed,
    long PublishErrors,
    long SubscribeErrors,
    long StorePending,
    long StoreFailures);
