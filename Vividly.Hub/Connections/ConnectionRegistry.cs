using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Vividly.Hub.Connections;

/// <summary>The connections this instance holds: whose they are, until when their token is good, and how to close them.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public void Add(LocalConnection connection) => _connections[connection.ConnectionId] = connection;

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public IReadOnlyList<LocalConnection> All() => [.. _connections.Values];

    public IReadOnlyList<string> ConnectionsOf(string userId) =>
        _connections.Values.Where(c => c.UserId == userId).Select(c => c.ConnectionId).ToList();

    public IReadOnlyDictionary<string, int> CountByUser() =>
        _connections.Values.GroupBy(c => c.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <param name="JoinedGroup">False when the backplane was away as it connected: it hears only local sends until it reconnects.</param>
public sealed record LocalConnection(string ConnectionId, string UserId, DateTimeOffset? TokenExpires, HubCallerContext Context, bool JoinedGroup);
