using System.ComponentModel.DataAnnotations;

namespace Vividly.Hub.Client;

public sealed class NotificationHubClientOptions
{
    /// <summary>The hub's base address (<c>HUB_URL</c>); the hub path is appended.</summary>
    [Required]
    public Uri? HubUrl { get; set; }

    /// <summary>Called on every (re)connect, so a provider that mints or refreshes tokens keeps the client signed in.</summary>
    [Required]
    public Func<CancellationToken, ValueTask<string>>? AccessTokenProvider { get; set; }

    /// <summary>
    /// Where to resume from on the first connection. Unset: only what arrives after connecting.
    /// Zero: the whole inbox.
    /// </summary>
    public long? ResumeAfterSeq { get; set; }

    /// <summary>Silence after which the hub counts as gone: above two of its heartbeats (<c>SSE_HEARTBEAT_INTERVAL</c>, 30 s by default).</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(75);

    public TimeSpan ReconnectFirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one publish attempt may take before it is retried.</summary>
    public TimeSpan PublishAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one publish attempt waits for a connection that is coming back before it fails
    /// and is retried: long enough to ride out a reconnect, short enough that with every retry
    /// spent a publisher (the worker answering Pub/Sub) still hears "not now" within half a minute.
    /// </summary>
    public TimeSpan PublishConnectionWait { get; set; } = TimeSpan.FromSeconds(2);

    [Range(0, 20)]
    public int PublishRetries { get; set; } = 6;

    /// <summary>Lets tests and tools route the client's HTTP (for example through an in-memory server).</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; set; }
}
