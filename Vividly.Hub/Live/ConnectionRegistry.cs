using System.Collections.Concurrent;

namespace Vividly.Hub.Live;

/// <summary>The connections this instance holds, by id, by the token clients name them with, and by user.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LocalConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LocalConnection> _byToken = new(StringComparer.Ordinal);
    // Copied on write: every live send reads it, connections come and go far less often.
    private readonly ConcurrentDictionary<string, LocalConnection[]> _byUser = new(StringComparer.Ordinal);
    private readonly Lock _users = new();

    public int Count => _connections.Count;

    public void Add(LocalConnection connection)
    {
        _connections[connection.ConnectionId] = connection;
        if (connection.ConnectionToken is { } token) _byToken[token] = connection;
        lock (_users) _byUser[connection.UserId] = [.. Of(connection.UserId), connection];
    }

    /// <summary>Forgets the connection and ends its outbox; null when it was not here.</summary>
    public LocalConnection? Remove(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var removed)) return null;
        if (removed.ConnectionToken is { } token) _byToken.TryRemove(token, out _);
        lock (_users)
        {
            var rest = Of(removed.UserId).Where(c => c.ConnectionId != connectionId).ToArray();
            if (rest.Length == 0) _byUser.TryRemove(removed.UserId, out _);
            else _byUser[removed.UserId] = rest;
        }
        removed.Outbox.Complete();
        return removed;
    }

    /// <summary>The client spoke on the connection with this token (any POST, its pings included).</summary>
    public void Heard(string connectionToken, DateTimeOffset now)
    {
        if (_byToken.TryGetValue(connectionToken, out var connection)) connection.LastHeard = now;
    }

    public IReadOnlyList<LocalConnection> All() => [.. _connections.Values];

    public IReadOnlyList<LocalConnection> Of(string userId) => _byUser.TryGetValue(userId, out var held) ? held : [];

    public IReadOnlyDictionary<string, int> CountByUser() =>
        _byUser.ToDictionary(user => user.Key, user => user.Value.Length, StringComparer.Ordinal);
}
