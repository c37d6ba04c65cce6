using Vividly.Hub.Auth;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Notifications;

/// <summary>
/// Decides at negotiate whether a new connection may start (<see cref="ConnectionAdmission"/>),
/// so a refused client learns why before it opens a stream, and the stock clients' automatic
/// reconnect retries. A connection admitted here is never thrown out for its limit. The hub's
/// door, so it sits with the hub; the plain stream asks the same admission at its own door.
/// </summary>
public sealed class ConnectionGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ConnectionAdmission admission)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(HubMethods.HubPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        // Only negotiate admits; the stream and POSTs that follow it answer while notifications are on.
        var refusal = path.StartsWithSegments($"{HubMethods.HubPath}/negotiate", StringComparison.OrdinalIgnoreCase)
            ? await admission.AdmitAsync(context.Response, context.User.UserId())
            : admission.SwitchedOff();
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
