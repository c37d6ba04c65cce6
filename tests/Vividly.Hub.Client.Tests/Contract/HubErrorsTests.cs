using Vividly.Hub.Client.Contract;

namespace Vividly.Hub.Client.Tests.Contract;

public sealed class HubErrorsTests
{
    [Fact]
    public void Only_the_unavailable_marker_makes_a_hub_answer_retryable()
    {
        Assert.True(HubErrors.IsUnavailable(HubErrors.UnavailableMessage("busy", 7), out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(7), retryAfter);
        Assert.False(HubErrors.IsUnavailable("Rate limited: At most 100 publishes per second to one user; retry after 1 s.", out _));
    }
}
