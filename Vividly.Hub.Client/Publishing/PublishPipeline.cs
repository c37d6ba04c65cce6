using Microsoft.AspNetCore.SignalR;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Vividly.Hub.Client.Publishing;

/// <summary>
/// Retries what a reconnect or a restarted instance can cure (no live connection, timeouts,
/// transport errors) with backoff and jitter; never retries what the hub refused
/// (<see cref="HubException"/>: bad input, missing role). Retrying is safe only because every
/// publish that matters carries an idempotency key.
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
            .Handle<OperationCanceledException>(static e => e is TaskCanceledException { InnerException: TimeoutException });

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
}
