using System.Collections.Concurrent;
using Vividly.Hub.Client;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>A typed client of a hub process and everything it has been told.</summary>
public sealed class Device : IAsyncDisposable
{
    private readonly ConcurrentQueue<Notification> _notifications = new();
    private readonly ConcurrentQueue<ConnectionInfo> _connections = new();
    private readonly ConcurrentQueue<InboxChange> _changes = new();

    private Device(NotificationHubClient client)
    {
        Client = client;
        client.NotificationReceived += _notifications.Enqueue;
        client.Connected += _connections.Enqueue;
        client.InboxChanged += _changes.Enqueue;
    }

    public NotificationHubClient Client { get; }

    public IReadOnlyList<Notification> Notifications => [.. _notifications];

    public IReadOnlyList<ConnectionInfo> Connections => [.. _connections];

    public IReadOnlyList<InboxChange> Changes => [.. _changes];

    public static async Task<Device> ConnectAsync(Uri hub, string userId, Func<string>? token = null, long? resumeAfterSeq = 0)
    {
        var device = new Device(new NotificationHubClient(new NotificationHubClientOptions
        {
            HubUrl = hub,
            AccessTokenProvider = _ => ValueTask.FromResult(token?.Invoke() ?? TestTokens.Student(userId)),
            ResumeAfterSeq = resumeAfterSeq,
            ReconnectFirstDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await device.Client.StartAsync(timeout.Token);
        await Eventually.AssertAsync(() => !device._connections.IsEmpty, TimeSpan.FromSeconds(10), $"{userId} hears ConnectionEstablished");
        return device;
    }

    public Task CountAsync(int notifications, int seconds = 15) =>
        Eventually.AssertAsync(() => _notifications.Count >= notifications, TimeSpan.FromSeconds(seconds),
            $"{notifications} notifications arrive (have {_notifications.Count})");

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
