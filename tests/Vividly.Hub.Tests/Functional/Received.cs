using System.Collections.Concurrent;
using Vividly.Hub.Client;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>What one client has been told, in arrival order.</summary>
public sealed class Received
{
    private readonly ConcurrentQueue<Notification> _notifications = new();
    private readonly ConcurrentQueue<ConnectionInfo> _connections = new();
    private readonly ConcurrentQueue<InboxChange> _changes = new();

    public Received(NotificationHubClient client)
    {
        client.NotificationReceived += _notifications.Enqueue;
        client.Connected += _connections.Enqueue;
        client.InboxChanged += _changes.Enqueue;
    }

    public IReadOnlyList<Notification> Notifications => [.. _notifications];

    public IReadOnlyList<ConnectionInfo> Connections => [.. _connections];

    public IReadOnlyList<InboxChange> Changes => [.. _changes];

    public Task CountAsync(int notifications, int seconds = 10) =>
        Eventually.AssertAsync(() => _notifications.Count >= notifications, TimeSpan.FromSeconds(seconds), $"{notifications} notifications arrive (have {_notifications.Count})");

    public Task ConnectedAsync(int seconds = 10) =>
        Eventually.AssertAsync(() => !_connections.IsEmpty, TimeSpan.FromSeconds(seconds), "ConnectionEstablished arrives");
}
