using System.Net.Http.Headers;

namespace Vividly.LoadTest.Connections;

/// <summary>
/// One socket pool for every client of the run. A pool per client would hold two sockets per
/// connection (the event stream and an idle one left from the last send); shared, the sends of
/// thousands of connections reuse a few sockets.
/// </summary>
internal sealed class SharedHttp : IDisposable
{
    /// <summary>Sockets beyond one per event stream, for sends and REST calls.</summary>
    private const int SocketsForSends = 1_024;

    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _invoker;

    /// <param name="streams">
    /// Event streams the run holds at most. The pool is capped just above it: a reconnect storm of
    /// thousands of clients otherwise opens a socket per concurrent send and runs out of file
    /// descriptors; capped, sends queue for a socket instead.
    /// </param>
    public SharedHttp(int streams)
    {
        _handler = new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = streams + SocketsForSends,
        };
        _invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
        Client = new HttpClient(_handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>For the REST calls of the run.</summary>
    public HttpClient Client { get; }

    /// <summary>A handler for one hub client; it ignores the handler SignalR offers and sends through the pool.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler> HandlerFactory(Func<SseTap>? tap) =>
        _ => new PooledHandler(_invoker, tap);

    public void Dispose()
    {
        Client.Dispose();
        _invoker.Dispose();
        _handler.Dispose();
    }

    /// <summary>Leaves the pool open when SignalR disposes its client, and taps event streams.</summary>
    private sealed class PooledHandler(HttpMessageInvoker pool, Func<SseTap>? tap) : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue EventStream = new("text/event-stream");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await pool.SendAsync(request, cancellationToken);
            if (tap is null || response.Content.Headers.ContentType?.MediaType != EventStream.MediaType) return response;

            var original = response.Content;
            var tapped = new StreamContent(new SseTapStream(await original.ReadAsStreamAsync(cancellationToken), original, tap()));
            foreach (var header in original.Headers) tapped.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content = tapped;
            return response;
        }
    }
}
