using Vividly.Hub.Client.Contract;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Connections;

/// <summary>
/// Counts connects answered with an error (<c>vividly.hub.connection.errors</c>): the hub's
/// negotiate and its SSE request, and a plain stream's request, whatever refused them
/// (authentication, <see cref="Notifications.ConnectionGate"/>, the stream's own checks).
/// Against <c>vividly.connections.established</c> it gives the connection error rate.
/// </summary>
public sealed class ConnectionErrors(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ServiceMetrics metrics)
    {
        await next(context);
        if (context.Response.StatusCode >= 400 && IsConnect(context.Request)) metrics.ConnectionError(ConnectionErrorReasons.ForStatus(context.Response.StatusCode));
    }

    private static bool IsConnect(HttpRequest request)
    {
        var path = request.Path;
        if (HttpMethods.IsPost(request.Method)) return path.Equals(Routes.Negotiate, StringComparison.OrdinalIgnoreCase);
        return HttpMethods.IsGet(request.Method) &&
            (path.Equals(HubMethods.HubPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(Routes.Stream, StringComparison.OrdinalIgnoreCase));
    }
}
