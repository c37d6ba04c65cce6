namespace Vividly.Hub.Live;

/// <param name="ConnectionToken">What the client names the connection by on its requests.</param>
/// <param name="Control">Closes it, a hub connection or a plain stream alike.</param>
/// <param name="Outbox">Its live messages, waiting to be written.</param>
public sealed record LocalConnection(
    string ConnectionId, string? ConnectionToken, string UserId, DateTimeOffset? TokenExpires, IConnectionControl Control, ConnectionOutbox Outbox, DateTimeOffset Connected)
{
    private long _lastHeardTicks = Connected.UtcTicks;

    public DateTimeOffset LastHeard
    {
        get => new(Interlocked.Read(ref _lastHeardTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastHeardTicks, value.UtcTicks);
    }
}
