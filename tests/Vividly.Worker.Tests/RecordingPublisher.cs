using System.Collections.Concurrent;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Worker.Tests;

/// <summary>Stands in for the hub: keeps what is published, or throws <see cref="Failure"/> as a hub that is down would.</summary>
public sealed class RecordingPublisher : INotificationPublisher
{
    private readonly ConcurrentQueue<PublishRequest> _published = new();

    public Exception? Failure { get; set; }

    public IReadOnlyList<PublishRequest> Published => [.. _published];

    public ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default)
    {
        if (Failure is not null) return ValueTask.FromException<PublishResult>(Failure);
        _published.Enqueue(request);
        return ValueTask.FromResult(new PublishResult($"n{_published.Count}", _published.Count, Duplicate: false));
    }

    /// <summary>The worker publishes each notification as its stage ends, one at a time.</summary>
    public ValueTask<IReadOnlyList<PublishBatchOutcome>> PublishBatchAsync(IReadOnlyList<PublishRequest> requests, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The worker never publishes in batches.");
}
