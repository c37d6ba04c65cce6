using Microsoft.Extensions.Options;
using Vividly.Hub.Live;

namespace Vividly.Hub.Connections;

/// <summary>
/// One instance, no Redis: this instance's connections and reservations are all there are.
/// With Redis it is the fallback count while Redis cannot answer.
/// </summary>
public sealed class LocalConnectionLimiter(IOptions<ConnectionsOptions> options, TimeProvider timeProvider) : IConnectionLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UserSlots> _users = new(StringComparer.Ordinal);

    public Task<bool> TryReserveAsync(string userId)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var slots = SlotsOf(userId, now);
            if (slots.Held >= options.Value.MaxPerUser)
            {
                Forget(userId, slots);
                return Task.FromResult(false);
            }
            slots.Reservations.Add(now + IConnectionLimiter.ReservationLifetime);
            return Task.FromResult(true);
        }
    }

    public Task ConfirmAsync(string userId, string connectionId)
    {
        lock (_gate)
        {
            var slots = SlotsOf(userId, timeProvider.GetUtcNow());
            // The newest: most likely this connection's own negotiate. Taking the oldest would
            // renew an abandoned reservation with every connection that follows it.
            if (slots.Reservations.Count > 0) slots.Reservations.RemoveAt(slots.Reservations.Count - 1);
            slots.Connections.Add(connectionId);
        }
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string userId, string connectionId)
    {
        lock (_gate)
        {
            if (_users.TryGetValue(userId, out var slots) && slots.Connections.Remove(connectionId)) Forget(userId, slots);
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether the connection holds a slot here: confirmed and not yet released.</summary>
    public bool Holds(string userId, string connectionId)
    {
        lock (_gate) return _users.TryGetValue(userId, out var slots) && slots.Connections.Contains(connectionId);
    }

    public Task RenewAsync(IReadOnlyList<LocalConnection> connections)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var (userId, slots) in _users.ToList())
            {
                slots.DropLapsed(now);
                Forget(userId, slots);
            }
        }
        return Task.CompletedTask;
    }

    private UserSlots SlotsOf(string userId, DateTimeOffset now)
    {
        if (!_users.TryGetValue(userId, out var slots)) _users[userId] = slots = new UserSlots();
        slots.DropLapsed(now);
        return slots;
    }

    private void Forget(string userId, UserSlots slots)
    {
        if (slots.Held == 0) _users.Remove(userId);
    }

    private sealed class UserSlots
    {
        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);

        /// <summary>When each reservation lapses, oldest first: all live equally long.</summary>
        public List<DateTimeOffset> Reservations { get; } = [];

        public int Held => Connections.Count + Reservations.Count;

        public void DropLapsed(DateTimeOffset now)
        {
            var lapsed = Reservations.FindIndex(lapses => lapses > now);
            Reservations.RemoveRange(0, lapsed < 0 ? Reservations.Count : lapsed);
        }
    }
}
