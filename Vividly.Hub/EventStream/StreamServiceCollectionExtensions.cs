using Vividly.Hub.Redis;

namespace Vividly.Hub.EventStream;

public static class StreamServiceCollectionExtensions
{
    /// <summary>The plain SSE stream, delivered to through live delivery like the hub's connections, and its tickets.</summary>
    public static IServiceCollection AddEventStream(this IServiceCollection services)
    {
        services.AddSingleton<StreamHost>();
        services.AddSingleton<MemoryStreamTickets>();
        services.AddSingleton<RedisStreamTickets>();
        // Across instances in Redis when it is on, so a ticket from one opens a stream on another.
        services.AddSingleton<IStreamTickets>(provider => provider.GetRequiredService<RedisConnection>().Enabled
            ? provider.GetRequiredService<RedisStreamTickets>()
            : provider.GetRequiredService<MemoryStreamTickets>());
        return services;
    }
}
