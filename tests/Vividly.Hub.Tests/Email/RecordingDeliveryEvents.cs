using System.Collections.Concurrent;
using Vividly.Hub.Channels;

namespace Vividly.Hub.Tests.Email;

/// <summary>Delivery events as the email endpoints record them; the real store belongs to the outbox.</summary>
public sealed class RecordingDeliveryEvents : IDeliveryEvents
{
    public ConcurrentQueue<(string DeliveryId, string Kind, DateTimeOffset At)> Recorded { get; } = new();

    public Task RecordAsync(string deliveryId, string kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Recorded.Enqueue((deliveryId, kind, at));
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> KindsOf(string deliveryId) => [.. Recorded.Where(e => e.DeliveryId == deliveryId).Select(e => e.Kind)];
}
