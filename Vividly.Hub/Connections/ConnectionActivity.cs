using Vividly.Hub.Client.Contract;
using Vividly.Hub.Live;

namespace Vividly.Hub.Connections;

/// <summary>
/// Notes when each SSE connection's client last spoke. SSE clients send everything, pings
/// included, as POSTs naming their connection token, so a silent client is one that has not
/// posted.
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
