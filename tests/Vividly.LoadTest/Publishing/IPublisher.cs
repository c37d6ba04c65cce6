using Vividly.Hub.Client.Contract;

namespace Vividly.LoadTest.Publishing;

internal interface IPublisher : IAsyncDisposable
{
    ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken);
}
