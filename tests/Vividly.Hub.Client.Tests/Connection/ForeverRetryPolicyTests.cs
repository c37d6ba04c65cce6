using Microsoft.AspNetCore.SignalR.Client;
using Vividly.Hub.Client.Connection;

namespace Vividly.Hub.Client.Tests.Connection;

public sealed class ForeverRetryPolicyTests
{
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

    [Fact]
    public void The_backoff_doubles_from_the_first_delay_up_to_the_cap_and_the_jitter_takes_a_share_of_it()
    {
        var whole = new ForeverRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: () => 1.0);
        var half = new ForeverRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: () => 0.5);

        int[] expectedSeconds = [1, 2, 4, 8, 16, 30, 30];
        for (var retry = 1; retry <= expectedSeconds.Length; retry++)
        {
            var context = new RetryContext { PreviousRetryCount = retry };
            Assert.Equal(TimeSpan.FromSeconds(expectedSeconds[retry - 1]), whole.NextRetryDelay(context));
            Assert.Equal(TimeSpan.FromSeconds(expectedSeconds[retry - 1] / 2.0), half.NextRetryDelay(context));
        }
    }
}
