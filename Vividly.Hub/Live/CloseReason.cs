namespace Vividly.Hub.Live;

/// <summary>Why the server closes a connection it wants back; a plain stream tells its client.</summary>
public enum CloseReason
{
    TokenExpired,
    Silent,
    ShuttingDown,
    SlowReader,
}
