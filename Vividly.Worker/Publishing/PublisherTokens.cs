using Microsoft.Extensions.Options;
using Vividly.Hub.Client.Auth;

namespace Vividly.Worker.Publishing;

/// <summary>
/// The worker's token for the hub: the configured one, or a short-lived publisher token it
/// signs itself, minted afresh on every (re)connect so it never expires on a live client.
/// Each worker process signs as its own subject, so its connection never counts against another's limit.
/// </summary>
public sealed class PublisherTokens(IOptions<WorkerHubOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly string _subject = $"vividly-worker-{Guid.NewGuid().ToString("N")[..8]}";

    private readonly HubTokenFactory? _factory = options.Value.AccessToken is null
        ? new HubTokenFactory(new HubTokenSettings(options.Value.SecretKey!, options.Value.Issuer, options.Value.Audience), timeProvider)
        : null;

    public ValueTask<string> GetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(options.Value.AccessToken ?? _factory!.Create(_subject, Lifetime, Roles.Publish));
}
