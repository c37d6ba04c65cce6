using Microsoft.AspNetCore.SignalR;
using Vividly.Hub.Live;

namespace Vividly.Hub.Notifications;

/// <summary>A hub connection closes the one way the stock clients come back from: SignalR's Close with reconnecting allowed, whatever the reason.</summary>
public sealed class HubConnectionControl(HubCallerContext context) : IConnectionControl
{
    public void CloseAllowingReconnect(CloseReason reason) => context.CloseAllowingReconnect();
}
