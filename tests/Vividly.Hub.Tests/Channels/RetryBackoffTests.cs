using Vividly.Hub.Channels;

namespace Vividly.Hub.Tests.Channels;

public sealed class RetryBackoffTests
{
    private static RetryBackoff Backoff(double draw) => new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), () => draw);

    [Theory]
    [InlineData(1, 0.0, 1_000)]
    [InlineData(1, 1.0, 2_000)]
    [InlineData(3, 0.5, 6_000)]
    [InlineData(6, 1.0, 60_000)]
    [InlineData(40, 0.0, 30_000)]
    public void The_delay_doubles_per_attempt_between_half_and_all_of_its_ceiling_and_stops_at_the_cap(int attempt, double draw, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Backoff(draw).DelayAfter(attempt, null));

    [Fact]
    public void A_longer_retry_after_wins_and_a_shorter_one_does_not()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Backoff(0).DelayAfter(1, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff(0).DelayAfter(1, TimeSpan.FromMilliseconds(10)));
    }
}
