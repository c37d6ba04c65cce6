using Microsoft.Extensions.Options;
using Vividly.Hub.Notifications;

namespace Vividly.Hub.Connections;

/// <summary>One instance, no Redis: this instance's own connections are all there are.</summary>
public sealed class LocalConnectionLimiter(IOptions<RealtimeHubOptions> options) : IConnectionLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _slots = new(StringComparer.Ordinal);

    public Task<int> CountAsync(string userId)
    {
        lock (_gate) return Task.FromResult(_slots.TryGetValue(userId, out var held) ? held.Count : 0);
    }

    public Task<bool> TryAcquireAsync(string userId, string connectionId)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(userId, out var held)) _slots[userId] = held = [];
            if (held.Count >= options.Value.MaxConnectionsPerUser) return Task.FromResult(false);
            held.Add(connectionId);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(string userId, string connectionId)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(userId, out var held) && held.Remove(connectionId) && held.Count == 0) _slots.Remove(userId);
        }
        return Task.CompletedTask;
    }

    public Task RenewAsync(IReadOnlyList<LocalConnection> connections) => Task.CompletedTask;
}
