using System.Collections.Concurrent;

namespace Vividly.Hub.Notifications;

/// <summary>The connections this instance holds, by user.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);

    public int Count => _users.Count;

    public void Add(string connectionId, string userId) => _users[connectionId] = userId;

    public void Remove(string connectionId) => _users.TryRemove(connectionId, out _);

    public IReadOnlyList<string> ConnectionsOf(string userId) =>
        _users.Where(pair => pair.Value == userId).Select(pair => pair.Key).ToList();

    public IReadOnlyList<string> AllConnections() => _users.Keys.ToList();

    public IReadOnlyDictionary<string, int> CountByUser() =>
        _users.GroupBy(pair => pair.Value, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
}
