using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>Real Redis, real PostgreSQL and hub instances sharing them, as several Cloud Run instances would.</summary>
public sealed class ScaleOut : IAsyncDisposable
{
    private ScaleOut(RedisServer redis, PostgresServer postgres, string databaseUrl)
    {
        Redis = redis;
        Postgres = postgres;
        DatabaseUrl = databaseUrl;
    }

    public RedisServer Redis { get; }

    public PostgresServer Postgres { get; }

    public string DatabaseUrl { get; }

    public List<ServiceProcess> Hubs { get; } = [];

    /// <summary>HAProxy in front of the hubs, when asked for: sticky unless asked otherwise.</summary>
    public HaproxyServer? Proxy { get; private set; }

    public static async Task<ScaleOut> StartAsync(int instances, IReadOnlyDictionary<string, string?>? settings = null, bool withProxy = false, bool sticky = true)
    {
        var redisStart = RedisServer.StartNewAsync();
        var postgres = await PostgresServer.StartNewAsync();
        var scaleOut = new ScaleOut(await redisStart, postgres, await postgres.CreateDatabaseAsync());
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["REDIS_URL"] = scaleOut.Redis.Url,
            ["DATABASE_URL"] = scaleOut.DatabaseUrl,
        };
        try
        {
            for (var i = 0; i < instances; i++)
            {
                all["INSTANCE_ID"] = $"hub-{i + 1}";
                scaleOut.Hubs.Add(await ServiceProcess.StartHubAsync(all));
            }
            if (withProxy) scaleOut.Proxy = await HaproxyServer.StartAsync(scaleOut.Hubs.Select(hub => hub.Port), sticky: sticky);
            return scaleOut;
        }
        catch
        {
            // Whatever started must not outlive a failed start.
            await scaleOut.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null) await Proxy.DisposeAsync();
        foreach (var hub in Hubs) await hub.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
