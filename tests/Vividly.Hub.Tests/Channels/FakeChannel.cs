using System.Collections.Concurrent;
using Vividly.Hub.Channels;

namespace Vividly.Hub.Tests.Channels;

/// <summary>A channel for unit tests: reaches whom it is told and answers each send with the next scripted outcome (Sent once the script runs out).</summary>
public sealed class FakeChannel(string channel, bool reachable = true) : IChannelSender, IChannelReach
{
    public string Channel { get; } = channel;

    public ConcurrentQueue<SendOutcome> Script { get; } = new();

    public ConcurrentQueue<ChannelMessage> Sent { get; } = new();

    /// <summary>Runs before each send answers, as a slow provider would take time.</summary>
    public Action? During { get; set; }

    public Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(reachable);

    public Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        During?.Invoke();
        return Task.FromResult(Script.TryDequeue(out var outcome) ? outcome : new SendOutcome.Sent($"provider-{message.DeliveryId}"));
    }
}
