using Vividly.Hub.Client;
using Vividly.Hub.Client.Contract;
using Vividly.LoadTest.Connections;

namespace Vividly.LoadTest.Publishing;

/// <summary>
/// Publishes through the hub method, round robin over several publishing connections: the hub
/// runs one connection's invocations one after another.
/// </summary>
internal sealed class HubPublisher(NotificationHubClient[] clients) : IPublisher
{
    private long _next = -1;

    public static async Task<HubPublisher> ConnectAsync(
        IReadOnlyList<Uri> hubs, int count, Func<int, string> publisherToken, RunContext run, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clients = Enumerable.Range(0, count)
            .Select(i => new NotificationHubClient(
                new NotificationHubClientOptions
                {
                    HubUrl = hubs[i % hubs.Count],
                    AccessTokenProvider = _ => ValueTask.FromResult(publisherToken(i)),
                    HttpMessageHandlerFactory = run.Http.HandlerFactory(tap: null),
                },
                run.ClientLogger))
            .ToArray();
        var publisher = new HubPublisher(clients);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await Task.WhenAll(clients.Select(c => c.StartAsync(deadline.Token)));
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    public ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken) =>
        clients[Interlocked.Increment(ref _next) % clients.Length].PublishAsync(request, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients) await client.DisposeAsync();
    }
}
