using Vividly.Hub.Inbox;
using static Vividly.Hub.Inbox.SqlCommands;

namespace Vividly.Hub.Email;

/// <summary>
/// The <c>email_events</c> table: every provider event taken, by its id, so a replayed webhook
/// delivery is recognised and changes nothing.
/// </summary>
public sealed class EmailEventStore(IInboxDatabase database, GuardedInboxStore guard, TimeProvider timeProvider)
{
    /// <summary>Of <paramref name="eventIds"/>, those already taken.</summary>
    public Task<IReadOnlySet<string>> TakenAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) =>
        guard.RunAsync(ct => database.ReadAsync<IReadOnlySet<string>>(async connection =>
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in eventIds)
            {
                if (await ScalarAsync(Command(connection, null, "SELECT 1 FROM email_events WHERE event_id = @id", ("id", id)), ct) is not null)
                    taken.Add(id);
            }
            return taken;
        }, ct), cancellationToken);

    /// <summary>Marks events taken once what they cause is done; one taken twice stays as it was first.</summary>
    public Task<int> TakeAsync(IReadOnlyList<ProviderEvent> events, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return guard.RunAsync(ct => database.WriteAsync(async (connection, transaction) =>
        {
            var added = 0;
            foreach (var e in events)
            {
                added += await ExecuteAsync(Command(connection, transaction,
                    "INSERT INTO email_events (event_id, delivery_id, kind, received_at) VALUES (@id, @delivery, @kind, @now) ON CONFLICT (event_id) DO NOTHING",
                    ("id", e.EventId), ("delivery", e.DeliveryId), ("kind", e.Event), ("now", now)), ct);
            }
            return added;
        }, ct), cancellationToken);
    }
}
