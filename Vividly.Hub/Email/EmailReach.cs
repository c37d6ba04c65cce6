using Vividly.Hub.Channels;
using Vividly.Hub.Preferences;

namespace Vividly.Hub.Email;

/// <summary>Email reaches a user with a known address that is not suppressed.</summary>
public sealed class EmailReach(UserEmailStore addresses) : IChannelReach
{
    public string Channel => NotificationChannels.Email;

    public Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) => addresses.HasAddressAsync(userId, cancellationToken);
}
