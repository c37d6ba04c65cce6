using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Vividly.Hub.Client.Tests;

/// <summary>An HTTP handler that answers each request with the next scripted answer and keeps what was sent.</summary>
public sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
{
    private readonly Channel<string> _bodies = Channel.CreateUnbounded<string>();
    private int _next = -1;

    public int Attempts => Volatile.Read(ref _next) + 1;

    public static Func<HttpResponseMessage> Json(HttpStatusCode status, string body, int? retryAfterSeconds = null) => () =>
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(body, Encoding.UTF8, status == HttpStatusCode.Accepted ? "application/json" : "application/problem+json"),
        };
        if (retryAfterSeconds is { } seconds) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        return response;
    };

    /// <summary>The body of the next request sent, in the order sent.</summary>
    public Task<string> NextBodyAsync() =>
        _bodies.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
        _bodies.Writer.TryWrite(await request.Content!.ReadAsStringAsync(cancellationToken));
        return answers[Interlocked.Increment(ref _next)]();
    }
}
