namespace Vividly.Hub.Channels;

/// <summary>The default for a channel whose own lookup is not registered: it reaches nobody, so routing skips it.</summary>
public sealed class NoReach(string channel) : IChannelReach
{
    public string Channel { get; } = channel;

    public Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(false);
}
