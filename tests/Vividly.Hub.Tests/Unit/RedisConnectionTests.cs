using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vividly.Hub.Redis;

namespace Vividly.Hub.Tests.Unit;

public sealed class RedisConnectionTests
{
    private static RedisConnection Connection() =>
        new(Options.Create(new RedisOptions { Url = "redis://127.0.0.1:1/0" }), NullLogger<RedisConnection>.Instance);

    [Fact]
    public async Task A_command_is_refused_at_once_while_Redis_is_not_connected()
    {
        await using var redis = Connection();
        var ran = false;

        var refused = await Assert.ThrowsAsync<RedisUnavailableException>(() => redis.RunAsync(_ =>
        {
            ran = true;
            return Task.CompletedTask;
        }));

        Assert.False(ran);
        Assert.Contains("not connected", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_answer_after_a_stall_restores_Redis_once()
    {
        await using var redis = Connection();
        var restored = 0;
        redis.Restored += () => restored++;

        redis.ReportAnswering();
        Assert.Equal(0, restored);

        redis.ReportStalled();
        redis.ReportStalled();
        Assert.True(redis.IsStalled);
        Assert.False(redis.IsConnected);

        redis.ReportAnswering();
        redis.ReportAnswering();
        Assert.False(redis.IsStalled);
        Assert.Equal(1, restored);
        Assert.Equal(1, redis.Restorations);
    }
}
