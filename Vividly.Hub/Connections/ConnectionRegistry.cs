using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Vividly.Hub.Connections;

/// <summary>The connections this instance holds: whose they are, until when their token is good, when they were last heard, and how to close them.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LocalConnection> _byToken = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public void Add(LocalConnection connection)
    {
        _connections[connection.ConnectionId] = connection;
        if (connection.ConnectionToken is { } token) _byToken[token] = connection;
    }

    public void Remove(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var removed) && removed.ConnectionToken is { } token) _byToken.TryRemove(token, out _);
    }

    /// <summary>The client spoke on the connection with this token (any POST, its pings included).</summary>
    public void Heard(string connectionToken, DateTimeOffset now)
    {
        if (_byToken.TryGetValue(connectionToken, out var connection)) connection.LastHeard = now;
    }

    public IReadOnlyList<LocalConnection> All() => [.. _connections.Values];

    public IReadOnlyList<string> ConnectionsOf(string userId) =>
        _connections.Values.Where(c => c.UserId == userId).Select(c => c.ConnectionId).ToList();

    public IReadOnlyDictionary<string, int> CountByUser() =>
        _connections.Values.GroupBy(c => c.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <param name="ConnectionToken">What the client names the connection by on its requests.</param>
/// <param name="JoinedGroup">False when the backplane was away as it connected: it hears only local sends until it reconnects.</param>
public sealed record LocalConnection(
    string ConnectionId, string? ConnectionToken, string UserId, DateTimeOffset? TokenExpires, HubCallerContext Context, bool JoinedGroup, DateTimeOffset Connected)
{
    private long _lastHeardTicks = Connected.UtcTicks;

    public DateTimeOffset LastHeard
    {
        get => new(Interlocked.Read(ref _lastHeardTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastHeardTicks, value.UtcTicks);
    }
}
