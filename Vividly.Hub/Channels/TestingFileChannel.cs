namespace Vividly.Hub.Channels;

/// <summary>
/// Registered only in the <c>Testing</c> environment with <c>TESTING_CHANNEL_FILE</c> set, never
/// in production: a channel that reaches every user and "sends" by appending
/// <c>{delivery id} {channel} {notification id}</c> as a line to the file, so tests of real hub
/// processes can count what was sent across kills and restarts. Each send takes
/// <c>TESTING_CHANNEL_SEND_MS</c> (default 0), as a provider would, so a test can stop the
/// process part way through a batch.
/// </summary>
public sealed class TestingFileChannel(string channel, string path, TimeSpan sendTime, SemaphoreSlim fileLock) : IChannelSender, IChannelReach
{
    public const string EnvironmentName = "Testing";
    public const string FileKey = "TESTING_CHANNEL_FILE";
    public const string SendTimeKey = "TESTING_CHANNEL_SEND_MS";

    public string Channel { get; } = channel;

    public Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<SendOutcome> SendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        if (sendTime > TimeSpan.Zero) await Task.Delay(sendTime, cancellationToken);
        await fileLock.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(path, $"{message.DeliveryId} {message.Channel} {message.Notification.Id}\n", cancellationToken);
        }
        finally
        {
            fileLock.Release();
        }
        return new SendOutcome.Sent(null);
    }
}
