using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Vividly.Hub.Client.Contract;

namespace Vividly.LoadTest.Publishing;

/// <summary><c>POST /api/v1/notifications/publish</c>, round robin over the hubs, answered 202; no retries.</summary>
internal sealed class HttpPublisher(HttpClient client, IReadOnlyList<Uri> hubs, string token) : IPublisher
{
    private const string PublishPath = Routes.Publish;

    private readonly Uri[] _targets = [.. hubs.Select(h => new Uri(h, PublishPath))];
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", token);
    private long _next = -1;

    public async ValueTask<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _targets[Interlocked.Increment(ref _next) % _targets.Length])
        {
            Content = JsonContent.Create(request, options: ContractJson.Options),
        };
        message.Headers.Authorization = _authorization;
        using var response = await client.SendAsync(message, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new HttpRequestException($"publish answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return await response.Content.ReadFromJsonAsync<PublishResult>(ContractJson.Options, cancellationToken)
            ?? throw new HttpRequestException("publish answered 202 without a body");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
