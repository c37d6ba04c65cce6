namespace Vividly.Hub.Tests.Functional;

public sealed class RedisOptionsTests
{
    [Theory]
    [InlineData("REDIS_TIMEOUT_MS", "50", "REDIS_TIMEOUT_MS")]
    [InlineData("REDIS_PUBLISH_WAIT_MS", "0", "REDIS_PUBLISH_WAIT_MS")]
    [InlineData("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL")]
    public void A_Redis_setting_out_of_range_stops_the_hub_from_starting(string key, string value, string named)
    {
        using var hub = new HubFactory().With(key, value);
        var failure = Assert.ThrowsAny<Exception>(() => hub.CreateClient());
        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }
}
