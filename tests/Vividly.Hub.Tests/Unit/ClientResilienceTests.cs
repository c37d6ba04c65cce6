using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Vividly.Hub.Client;
using Vividly.Hub.Client.Connection;
using Vividly.Hub.Client.Publishing;

namespace Vividly.Hub.Tests.Unit;

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
