using Microsoft.AspNetCore.SignalR;

namespace Vividly.Hub.Auth;

/// <summary>A connection belongs to the token's <c>sub</c>.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.UserId();
}
