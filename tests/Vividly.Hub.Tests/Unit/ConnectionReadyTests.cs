using Microsoft.Extensions.Time.Testing;
using Vividly.Hub.Client.Connection;

namespace Vividly.Hub.Tests.Unit;

public sealed class ConnectionReadyTests
{
    [Fact]
    public async Task A_wait_begun_while_the_connection_is_down_ends_when_it_is_up_again()
    {
        var ready = new ConnectionReady();
        ready.Up();
        Assert.True(await ready.WaitAsync(TimeSpan.Zero, TimeProvider.System, TestContext.Current.CancellationToken));

        ready.Down();
        var waiting = ready.WaitAsync(TimeSpan.FromMinutes(1), new FakeTimeProvider(), TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        Assert.False(ready.IsUp);

        ready.Down();
        ready.Up();
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.True(ready.IsUp);
    }

    [Fact]
    public async Task A_connection_still_down_after_the_wait_says_so()
    {
        var ready = new ConnectionReady();
        var time = new FakeTimeProvider();

        var waiting = ready.WaitAsync(TimeSpan.FromSeconds(2), time, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_wait_ends_with_its_attempt()
    {
        var ready = new ConnectionReady();
        using var attempt = new CancellationTokenSource();

        var waiting = ready.WaitAsync(TimeSpan.FromMinutes(1), TimeProvider.System, attempt.Token);
        await attempt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
