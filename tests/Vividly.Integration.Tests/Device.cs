using Vividly.Hub.Client;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>A student's device: a typed client of a hub process and what it has been told.</summary>
public sealed class Device : IAsyncDisposable
{
    private Device(NotificationHubClient client)
    {
        Client = client;
        Got = new Recording(client);
    }

    public NotificationHubClient Client { get; }

    public Recording Got { get; }

    public static async Task<Device> ConnectAsync(Uri hub, string userId, long? resumeAfterSeq = 0)
    {
        var device = new Device(new NotificationHubClient(new NotificationHubClientOptions
        {
            HubUrl = hub,
            AccessTokenProvider = _ => ValueTask.FromResult(TestTokens.Student(userId)),
            ResumeAfterSeq = resumeAfterSeq,
            ReconnectFirstDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await device.Client.StartAsync(timeout.Token);
        await device.Got.ConnectedAsync();
        return device;
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
