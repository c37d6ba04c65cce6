using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.EventStream;

/// <summary>
/// One-time tickets that open the plain stream without a token in its URL: issued to an
/// authenticated caller, valid for <see cref="Lifetime"/>, redeemed once, on any instance.
/// </summary>
public interface IStreamTickets
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    Task<StreamTicket> IssueAsync(TicketHolder holder);

    /// <summary>Null when the ticket is unknown, used or lapsed.</summary>
    Task<TicketHolder?> RedeemAsync(string ticket);
}

/// <summary>Whom a ticket opens the stream for, and when the token it was issued on expires.</summary>
public sealed record TicketHolder(string UserId, DateTimeOffset? TokenExpires);
