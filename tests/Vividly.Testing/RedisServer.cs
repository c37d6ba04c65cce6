using StackExchange.Redis;

namespace Vividly.Testing;

/// <summary>A throw-away <c>redis-server</c> on a free loopback port, with no persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _binary = RequiredTool.Find("redis-server", "redis-server", "/usr/bin/redis-server");
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-redis-").FullName;
    private TestProcess? _process;

    public int Port { get; } = FreePort.Next();

    public string Url => $"redis://127.0.0.1:{Port}/0";

    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (or starts again, on the same port) and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        _process = TestProcess.Start(_binary, _directory,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory],
            new Dictionary<string, string?>(), "redis");
        await Eventually.AssertAsync(PingsAsync, TimeSpan.FromSeconds(15), $"redis-server on port {Port} answers PING");
    }

    /// <summary>Kills the server outright, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.DisposeAsync();
        _process = null;
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=500,abortConnect=true");
            await connection.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        TestProcess.TryDeleteDirectory(_directory);
    }
}
