using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Channels;

// wire names "email", "push"
public sealed record ChannelMessage(string DeliveryId, string Channel, Notification Notification, int Attempt);

public abstract record SendOutcome
{
    public sealed record Sent(string? ProviderMessageId) : SendOutcome;        // accepted by SMTP / push service
    public sealed record RetryLater(string Error, TimeSpan? After) : SendOutcome; // transient: 429, 5xx, timeout, SMTP 4xx
    public sealed record Failed(string Error) : SendOutcome;                    // permanent: SMTP 5xx recipient, bad request
    public sealed record Unreachable(string Reason) : SendOutcome;              // no address / no subscription / suppressed / gone (410)
}

public interface IChannelSender
{
    string Channel { get; }
    Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken);
}
