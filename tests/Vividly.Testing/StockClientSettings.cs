namespace Vividly.Testing;

/// <summary>
/// What an app team sets on a stock client: how long the tokens its factory mints live, how often
/// it pings when otherwise silent, and how long it waits on a silent server.
/// </summary>
public sealed record StockClientSettings(TimeSpan TokenLifetime, TimeSpan KeepAliveInterval, TimeSpan ServerTimeout)
{
    /// <summary>The clients' own defaults (15 s pings, 30 s server timeout) and hour-long tokens.</summary>
    public static StockClientSettings Default { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
}
