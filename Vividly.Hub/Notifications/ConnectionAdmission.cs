using System.Globalization;
using Microsoft.Extensions.Options;
using Vividly.Hub.Connections;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Whether a new connection, a hub connection at negotiate or a plain stream, may start: not
/// while notifications are switched off (503), this instance drains (503) or the inbox store is
/// not answering (503), and not beyond the user's connection limit (429). Each refusal says why
/// and, where waiting helps, when to come back, so stock clients' reconnects retry. It asks
/// Connections and the Inbox, neither of which knows of it.
/// </summary>
public sealed class ConnectionAdmission(
    NotificationSwitch notifications, GracefulDrain drain, StoreAvailability store, IOptions<StoreGuardOptions> storeGuard,
    IConnectionLimiter limiter, IOptions<ConnectionsOptions> connections)
{
    /// <summary>The refusal while notifications are switched off; null while they are on.</summary>
    public IResult? SwitchedOff() => notifications.IsOn ? null : Problems.Unavailable("Notifications are switched off.");

    /// <summary>
    /// Null when the connection may start, with a slot reserved for <paramref name="userId"/>
    /// (atomically across instances: the connection that follows takes it over); else the refusal.
    /// </summary>
    public async Task<IResult?> AdmitAsync(HttpResponse response, string? userId)
    {
        if (SwitchedOff() is { } off) return off;
        if (drain.Draining)
        {
            response.Headers.RetryAfter = "1";
            return Problems.Unavailable("This instance is shutting down; connect again.");
        }
        // Before a slot is reserved: a connection admitted now could neither start nor resume.
        if (!store.IsAvailable)
        {
            response.Headers.RetryAfter = storeGuard.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Unavailable("The inbox store is not answering; connect again.");
        }
        if (userId is not null && !await limiter.TryReserveAsync(userId))
            return Problems.TooMany($"At most {connections.Value.MaxPerUser} connections per user.");
        return null;
    }
}
