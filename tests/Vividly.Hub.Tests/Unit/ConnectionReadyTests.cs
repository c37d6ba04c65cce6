using Vividly.Hub.Client.Connection;

namespace Vividly.Hub.Tests.Unit;

public sealed class ConnectionReadyTests
{
    [Fact]
    public async Task A_wait_begun_while_the_connection_is_down_ends_when_it_is_up_again()
    {
        var ready = new ConnectionReady();
        ready.Up();
        await ready.WaitAsync(TestContext.Current.CancellationToken);

        ready.Down();
        var waiting = ready.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        Assert.False(ready.IsUp);

        ready.Down();
        ready.Up();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(ready.IsUp);
    }

    [Fact]
    public async Task A_wait_ends_with_its_attempt()
    {
        var ready = new ConnectionReady();
        using var attempt = new CancellationTokenSource();

        var waiting = ready.WaitAsync(attempt.Token);
        await attempt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
