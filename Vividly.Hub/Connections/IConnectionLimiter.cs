using Vividly.Hub.Live;

namespace Vividly.Hub.Connections;

/// <summary>
/// Holds each user to <c>MAX_CONNECTIONS_PER_USER</c> across every instance, deciding once, at
/// negotiate: a slot is reserved there (or refused with 429, which clients retry), confirmed when
/// the connection starts, and given back when it ends. A reservation nobody confirms lapses
/// within <see cref="ReservationLifetime"/>; a connection that started is never refused.
/// </summary>
public interface IConnectionLimiter
{
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(5);

    /// <summary>Holds a slot for a connection about to start, unless the user is at the limit.</summary>
    Task<bool> TryReserveAsync(string userId);

    /// <summary>The connection started: it takes over one of the user's reservations here, or a slot of its own.</summary>
    Task ConfirmAsync(string userId, string connectionId);

    /// <summary>Gives the connection's slot back; safe to call for a slot never confirmed.</summary>
    Task ReleaseAsync(string userId, string connectionId);

    /// <summary>Keeps this instance's slots while their connections live, and forgets lapsed reservations.</summary>
    Task RenewAsync(IReadOnlyList<LocalConnection> connections);
}
