namespace Vividly.Hub.Live;

/// <summary>
/// How live delivery, maintenance and the drain close a connection they want back, whatever
/// carries it: a SignalR hub connection (its Close with reconnecting allowed) or a plain SSE
/// stream (a last <c>reconnect</c> event, then the end of the response, which EventSource
/// follows by reconnecting with <c>Last-Event-ID</c>).
/// </summary>
public interface IConnectionControl
{
    void CloseAllowingReconnect(CloseReason reason);
}
