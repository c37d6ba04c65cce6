namespace Vividly.Hub.Connections;

/// <summary>
/// Holds each user to <c>MAX_CONNECTIONS_PER_USER</c> across every instance. A slot is taken when
/// a connection starts and given back when it ends; slots of an instance that died without
/// giving them back expire on their own.
/// </summary>
public interface IConnectionLimiter
{
    /// <summary>How many connections the user holds now, on all instances.</summary>
    Task<int> CountAsync(string userId);

    /// <summary>Takes a slot for the connection unless the user is at the limit.</summary>
    Task<bool> TryAcquireAsync(string userId, string connectionId);

    Task ReleaseAsync(string userId, string connectionId);

    /// <summary>Keeps this instance's slots from expiring while their connections live.</summary>
    Task RenewAsync(IReadOnlyList<LocalConnection> connections);
}
