using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Hub.Client.Tests.Publishing;

public sealed class PublishPipelineTests
{
    private static readonly NotificationHubClientOptions Options = new() { PublishRetries = 3, PublishAttemptTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_publish_is_retried_while_the_connection_is_not_active()
    {
        var time = new ObservedTimeProvider();
        var attemptTimeout = TimeSpan.FromHours(1);
        var pipeline = PublishPipeline.Create(new NotificationHubClientOptions { PublishRetries = 3, PublishAttemptTimeout = attemptTimeout }, time);
        var attempts = 0;
        var publish = pipeline.ExecuteAsync(_ =>
        {
            if (++attempts < 3) throw new InvalidOperationException("The connection is not active.");
            return ValueTask.FromResult(42);
        }, TestContext.Current.CancellationToken).AsTask();

        // Each retry waits out a backoff on the pipeline's clock; the attempts' own timeouts are the other timers.
        for (var retry = 1; retry <= 2; retry++)
        {
            var backoff = await time.NextTimerAsync(dueTime => dueTime > TimeSpan.Zero && dueTime < attemptTimeout);
            Assert.Equal(retry, attempts);
            time.Advance(backoff);
        }
        Assert.Equal(42, await publish.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task What_the_hub_refused_is_never_retried()
    {
        var pipeline = PublishPipeline.Create(Options, new FakeTimeProvider());
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
}
