using Microsoft.AspNetCore.SignalR;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Client.Publishing;

/// <summary>
/// Retries what a reconnect or a restarted instance can cure (no live connection, timeouts,
/// transport errors) with backoff and jitter, and what the hub answered as retryable
/// (<see cref="HubErrors.Unavailable"/>, its store not answering; a batch answered 429 or 503) no
/// sooner than the hub's retry-after; never retries what the hub refused (any other
/// <see cref="HubException"/> or batch refusal: bad input, missing role). Retrying is safe only
/// because every publish that matters carries an idempotency key: a publish answered
/// "unavailable" may have been stored. A batch's requests always do (<see cref="PublishBatchSender.WithKeys"/>).
/// </summary>
public static class PublishPipeline
{
    public static ResiliencePipeline Create(NotificationHubClientOptions options, TimeProvider timeProvider)
    {
        var transient = new PredicateBuilder()
            .Handle<InvalidOperationException>()
            .Handle<IOException>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .Handle<OperationCanceledException>(static e => e is TaskCanceledException { InnerException: TimeoutException })
            .Handle<HubException>(static e => HubErrors.IsUnavailable(e.Message, out _))
            .Handle<PublishBatchRefusedException>(static e => e.Retryable);

        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.PublishRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.PublishRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                DelayGenerator = static args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
            })
            .AddTimeout(options.PublishAttemptTimeout)
            .Build();
    }

    /// <summary>The hub's retry-after when it gave one; otherwise null, for the exponential backoff.</summary>
    private static TimeSpan? RetryAfter(Exception? exception) => exception switch
    {
        HubException hub when HubErrors.IsUnavailable(hub.Message, out var retryAfter) && retryAfter > TimeSpan.Zero => retryAfter,
        PublishBatchRefusedException { RetryAfter: { } retryAfter } when retryAfter > TimeSpan.Zero => retryAfter,
        _ => null,
    };
}
