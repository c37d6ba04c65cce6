using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client;
using Vividly.Hub.Client.Connection;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Hub.Client.Tests;

public sealed class ClientResilienceTests
{
    private static readonly NotificationHubClientOptions Options = new() { PublishRetries = 3, PublishAttemptTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_publish_is_retried_while_the_connection_is_not_active()
    {
        var pipeline = PublishPipeline.Create(Options, TimeProvider.System);
        var attempts = 0;
        var result = await pipeline.ExecuteAsync(_ =>
        {
            if (++attempts < 3) throw new InvalidOperationException("The connection is not active.");
            return ValueTask.FromResult(42);
        }, TestContext.Current.CancellationToken);
        Assert.Equal(42, result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task What_the_hub_refused_is_never_retried()
    {
        var pipeline = PublishPipeline.Create(Options, TimeProvider.System);
        var attempts = 0;
        await Assert.ThrowsAsync<HubException>(() => pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new HubException("type: must be one of …");
        }, TestContext.Current.CancellationToken).AsTask());
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_publish_the_hub_could_not_store_is_retried_after_the_hubs_retry_after()
    {
        var time = new FakeTimeProvider();
        var pipeline = PublishPipeline.Create(Options, time);
        var attempts = 0;
        var publish = pipeline.ExecuteAsync(_ =>
        {
            // As SignalR hands the hub's HubException to the client: prefixed with the invocation.
            if (++attempts == 1)
                throw new HubException($"An unexpected error occurred invoking 'Publish' on the server. HubException: {HubErrors.UnavailableMessage("The inbox store did not answer within 2000 ms.", 3)}");
            return ValueTask.FromResult(42);
        }, TestContext.Current.CancellationToken).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Equal(1, attempts);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(42, await publish.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void Only_the_unavailable_marker_makes_a_hub_answer_retryable()
    {
        Assert.True(HubErrors.IsUnavailable(HubErrors.UnavailableMessage("busy", 7), out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(7), retryAfter);
        Assert.False(HubErrors.IsUnavailable("Rate limited: At most 100 publishes per second to one user; retry after 1 s.", out _));
    }

    [Fact]
    public void Reconnecting_never_gives_up_and_stays_within_the_cap()
    {
        var policy = new ForeverRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 0 }));
        for (var attempt = 1; attempt < 1_000; attempt++)
        {
            var delay = policy.NextRetryDelay(new RetryContext { PreviousRetryCount = attempt });
            Assert.NotNull(delay);
            Assert.InRange(delay.Value, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        }
    }
}
