using System.Net;

namespace Vividly.Hub.Push;

/// <summary>What one attempt to hand a message to a push service came to.</summary>
public abstract record PushResult
{
    private PushResult()
    {
    }

    /// <summary>The push service took it (201 or 202).</summary>
    public sealed record Delivered : PushResult;

    /// <summary>The subscription has expired or was withdrawn (404 or 410): delete it, never send to it again.</summary>
    public sealed record Gone(HttpStatusCode Status) : PushResult;

    /// <summary>429: try this subscription again no sooner than <paramref name="RetryAfter"/> (null when the service said nothing).</summary>
    public sealed record RateLimited(TimeSpan? RetryAfter) : PushResult;

    /// <summary>Anything else: the status when there was an answer, and what went wrong.</summary>
    public sealed record Failed(HttpStatusCode? Status, string Error) : PushResult;
}
