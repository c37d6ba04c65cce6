using Vividly.Hub.Client.Contract;
using Vividly.Hub.Live;

namespace Vividly.Hub.Connections;

/// <summary>
/// Notes when each SSE connection's client last spoke, for <see cref="ConnectionMaintenance"/> to
/// close those silent past <c>SSE_CONNECTION_TIMEOUT</c>. SignalR's own client timeout starts
/// only once a client has sent its first ping, so a client that never pings (a hand-written
/// one, or one suspended right after it connected) would never be timed out, and would hold its
/// stream and its connection slot for good. The hub therefore times every connection
/// itself: SSE clients send everything, pings included, as POSTs naming their connection token,
/// so a silent client is one that has not posted.
/// </summary>
public sealed class ConnectionActivity(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, ConnectionRegistry connections, TimeProvider timeProvider)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) &&
            request.Path.Equals(HubMethods.HubPath, StringComparison.OrdinalIgnoreCase) &&
            request.Query["id"].ToString() is { Length: > 0 } token)
        {
            connections.Heard(token, timeProvider.GetUtcNow());
        }
        return next(context);
    }
}
