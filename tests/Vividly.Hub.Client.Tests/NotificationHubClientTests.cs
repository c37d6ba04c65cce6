namespace Vividly.Hub.Client.Tests;

public sealed class NotificationHubClientTests
{
    [Fact]
    public async Task A_failed_connect_is_retried_after_the_backoff_on_the_clients_clock()
    {
        var time = new ObservedTimeProvider();
        var hub = new RefusingHandler();
        var firstDelay = TimeSpan.FromHours(1);
        await using var client = new NotificationHubClient(new NotificationHubClientOptions
        {
            HubUrl = new Uri("http://hub.invalid"),
            AccessTokenProvider = _ => ValueTask.FromResult("token"),
            ReconnectFirstDelay = firstDelay,
            ReconnectMaxDelay = 2 * firstDelay,
            HttpMessageHandlerFactory = _ => hub,
        }, timeProvider: time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var starting = client.StartAsync(stop.Token);
        Assert.Equal(1, await hub.NextAttemptAsync());
        var backoff = await time.NextTimerAsync();
        Assert.InRange(backoff, TimeSpan.Zero, firstDelay);
        Assert.Equal(1, hub.Attempts);

        time.Advance(backoff);
        Assert.Equal(2, await hub.NextAttemptAsync());

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting);
    }
}
