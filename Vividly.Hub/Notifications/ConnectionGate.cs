using System.Globalization;
using Microsoft.Extensions.Options;
using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Connections;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Decides at negotiate whether a new connection may start: not while notifications are
/// switched off (503), this instance drains (503) or the inbox store is not answering (503), and
/// not beyond the user's connection limit (429), so a refused client learns why before it opens a
/// stream, and the stock clients' automatic reconnect retries. A connection admitted here is never
/// thrown out for its limit. The hub's door, so it sits with the hub and asks Connections and the
/// Inbox, neither of which knows of it.
/// </summary>
public sealed class ConnectionGate(RequestDelegate next)
{
    public async Task InvokeAsync(
        HttpContext context, NotificationSwitch notifications, GracefulDrain drain, IConnectionLimiter limiter, IOptions<ConnectionsOptions> connections,
        StoreAvailability store, IOptions<StoreGuardOptions> storeGuard)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(HubMethods.HubPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (!notifications.IsOn)
        {
            await Problems.Unavailable("Notifications are switched off.").ExecuteAsync(context);
            return;
        }

        if (path.StartsWithSegments($"{HubMethods.HubPath}/negotiate", StringComparison.OrdinalIgnoreCase))
        {
            if (drain.Draining)
            {
                context.Response.Headers.RetryAfter = "1";
                await Problems.Unavailable("This instance is shutting down; connect again.").ExecuteAsync(context);
                return;
            }
            // Before a slot is reserved: a connection admitted now could neither start nor resume.
            if (!store.IsAvailable)
            {
                context.Response.Headers.RetryAfter = storeGuard.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Unavailable("The inbox store is not answering; connect again.").ExecuteAsync(context);
                return;
            }
            // The one place a connection is admitted: the slot is reserved here, atomically across
            // instances, and the connection that follows takes it over (IConnectionLimiter).
            var userId = context.User.UserId();
            if (userId is not null && !await limiter.TryReserveAsync(userId))
            {
                await Problems.TooMany($"At most {connections.Value.MaxPerUser} connections per user.").ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }
}
