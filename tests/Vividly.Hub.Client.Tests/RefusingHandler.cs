using System.Threading.Channels;

namespace Vividly.Hub.Client.Tests;

/// <summary>An HTTP handler whose every request fails as a hub that is down would; it counts them.</summary>
public sealed class RefusingHandler : HttpMessageHandler
{
    private readonly Channel<int> _attempts = Channel.CreateUnbounded<int>();
    private int _count;

    public int Attempts => Volatile.Read(ref _count);

    /// <summary>Waits for the next request (a connect attempt starts with one) and answers its number.</summary>
    public Task<int> NextAttemptAsync() =>
        _attempts.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _attempts.Writer.TryWrite(Interlocked.Increment(ref _count));
        throw new HttpRequestException("Connection refused.");
    }
}
