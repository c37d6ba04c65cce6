using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace StockHub;

/// <summary>No hub methods: clients only listen; publishing is over HTTP.</summary>
[Authorize]
public sealed class StockNotificationHub : Hub
{
    public const string Path = "/api/v1/notifications/hub";

    public override Task OnConnectedAsync() =>
        Clients.Caller.SendAsync(nameof(ConnectionEstablished), new ConnectionEstablished(Context.ConnectionId, Context.UserIdentifier ?? ""));
}
