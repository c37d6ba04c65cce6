using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;

namespace Vividly.Hub.Live;

/// <summary>
/// How the hub closes a connection it wants back: SignalR's Close message with
/// <c>allowReconnect: true</c>, which the stock clients' <c>withAutomaticReconnect()</c> honours
/// (their token factory is asked again, so an expired token is renewed). <c>Context.Abort()</c>
/// would send a Close that forbids reconnecting and strand every client without a retry loop
/// of its own; it is never used.
/// </summary>
public static class ReconnectableClose
{
    public static void CloseAllowingReconnect(this HubCallerContext context)
    {
        // The HTTP connection raises ConnectionClosedRequested, on which SignalR aborts with
        // reconnecting allowed; every hub connection here runs on one.
        context.Features.GetRequiredFeature<IConnectionLifetimeNotificationFeature>().RequestClose();
    }
}
