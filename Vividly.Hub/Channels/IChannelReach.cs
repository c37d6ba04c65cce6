namespace Vividly.Hub.Channels;

/// <summary>
/// Whether a channel can reach a user at all (an email address, a push subscription), asked when
/// a notification is routed. Each channel registers one; a channel without one reaches nobody.
/// </summary>
public interface IChannelReach
{
    string Channel { get; }

    Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken);
}
