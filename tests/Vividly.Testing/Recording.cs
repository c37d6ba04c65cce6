using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Vividly.Hub.Client;
using Vividly.Hub.Client.Contract;

namespace Vividly.Testing;

/// <summary>Everything a typed client has been told, in arrival order, and ways to wait for it.</summary>
public sealed class Recording
{
    private readonly ConcurrentQueue<Notification> _notifications = new();
    private readonly ConcurrentQueue<(ConnectionInfo Info, long At)> _connections = new();
    private readonly ConcurrentQueue<InboxChange> _changes = new();
    private readonly ConcurrentQueue<(HubConnectionState State, long At)> _states = new();

    public Recording(NotificationHubClient client)
    {
        client.NotificationReceived += _notifications.Enqueue;
        client.Connected += info => _connections.Enqueue((info, Stopwatch.GetTimestamp()));
        client.InboxChanged += _changes.Enqueue;
        client.StateChanged += state => _states.Enqueue((state, Stopwatch.GetTimestamp()));
    }

    /// <summary>Every state the connection went through after it was made, with <see cref="Stopwatch"/> timestamps.</summary>
    public IReadOnlyList<(HubConnectionState State, long At)> States => [.. _states];

    public IReadOnlyList<Notification> Notifications => [.. _notifications];

    public IReadOnlyList<ConnectionInfo> Connections => [.. _connections.Select(c => c.Info)];

    /// <summary>When each <see cref="Connections"/> entry arrived, as <see cref="Stopwatch"/> timestamps.</summary>
    public IReadOnlyList<long> ConnectedAt => [.. _connections.Select(c => c.At)];

    public IReadOnlyList<InboxChange> Changes => [.. _changes];

    public Task CountAsync(int notifications, int seconds = 15) =>
        Eventually.AssertAsync(() => _notifications.Count >= notifications, TimeSpan.FromSeconds(seconds),
            $"{notifications} notifications arrive (have {_notifications.Count})");

    public Task ConnectedAsync(int seconds = 10) =>
        Eventually.AssertAsync(() => !_connections.IsEmpty, TimeSpan.FromSeconds(seconds), "ConnectionEstablished arrives");
}
