using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Vividly.Hub.Backplane;

public static class BackplaneServiceCollectionExtensions
{
    /// <summary>With <c>REDIS_URL</c> set, SignalR's Redis backplane spans the instances; unset, this instance is alone.</summary>
    public static ISignalRServerBuilder AddBackplane(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        var options = configuration.Get<BackplaneOptions>() ?? new BackplaneOptions();
        var services = signalR.Services;
        services.AddSingleton(options);
        services.AddSingleton<RedisBackplane>();
        if (!string.IsNullOrWhiteSpace(options.RedisUrl))
        {
            RedisUrl.ToConfiguration(options.RedisUrl); // a malformed URL fails the start, not the first send
            signalR.AddStackExchangeRedis(redis => redis.Configuration.ChannelPrefix = RedisChannel.Literal(BackplaneOptions.ChannelPrefix));
            services.AddOptions<RedisOptions>().Configure<RedisBackplane>((redis, backplane) => redis.ConnectionFactory = backplane.ConnectAsync);
        }
        return signalR;
    }
}
