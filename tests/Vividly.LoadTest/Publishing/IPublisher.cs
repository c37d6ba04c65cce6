using Vividly.Hub.Client.Contract;

namespace Vividly.LoadTest.Publishing;

internal interface IPublisher : IAsyncDisposable
{
    ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken);

    /// <summary>Called once the pacer has started what was due: a publisher that gathers requests sends them now.</summary>
    void Flush()
    {
    }
}
