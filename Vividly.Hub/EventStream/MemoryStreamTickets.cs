using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.EventStream;

/// <summary>
/// Tickets for one instance (no Redis). Bounded: lapsed tickets are dropped as new ones are
/// issued, and past <see cref="MaxTickets"/> live ones issuing is refused until some lapse.
/// </summary>
public sealed class MemoryStreamTickets(TimeProvider timeProvider) : IStreamTickets
{
    public const int MaxTickets = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (TicketHolder Holder, DateTimeOffset Lapses)> _tickets = new(StringComparer.Ordinal);

    public Task<StreamTicket> IssueAsync(TicketHolder holder)
    {
        var now = timeProvider.GetUtcNow();
        var ticket = TicketText.New();
        var lapses = now + IStreamTickets.Lifetime;
        lock (_gate)
        {
            if (_tickets.Count >= MaxTickets)
                foreach (var (key, held) in _tickets.ToList())
                    if (held.Lapses <= now) _tickets.Remove(key);
            if (_tickets.Count >= MaxTickets) throw new TicketsExhaustedException();
            _tickets[ticket] = (holder, lapses);
        }
        return Task.FromResult(new StreamTicket(ticket, lapses));
    }

    public Task<TicketHolder?> RedeemAsync(string ticket)
    {
        lock (_gate)
        {
            if (!_tickets.Remove(ticket, out var held) || held.Lapses <= timeProvider.GetUtcNow()) return Task.FromResult<TicketHolder?>(null);
            return Task.FromResult<TicketHolder?>(held.Holder);
        }
    }
}

/// <summary>Every ticket slot holds a live ticket: the caller retries shortly.</summary>
public sealed class TicketsExhaustedException() : Exception("Too many stream tickets are waiting to be used.");
