using StackExchange.Redis;

namespace Vividly.Hub.Backplane;

/// <summary>
/// Owns the Redis connection that live messages (<see cref="Live.LiveDelivery"/>) and connection
/// limits run on, so health can tell whether it is up. StackExchange.Redis reconnects by itself;
/// until it has, live sends to other instances are lost and clients recover them from the inbox.
/// </summary>
public sealed partial class RedisBackplane(BackplaneOptions options, ILogger<RedisBackplane> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;
    private int _restorations;

    public bool Enabled => !string.IsNullOrWhiteSpace(options.RedisUrl);

    public bool IsConnected => _connection?.IsConnected ?? false;

    /// <summary>The connection, once made.</summary>
    public IConnectionMultiplexer? Connection => _connection;

    /// <summary>How many times a connection to Redis came back: what Redis held may be gone since.</summary>
    public int Restorations => Volatile.Read(ref _restorations);

    /// <summary>Raised when the connection comes back after it was lost.</summary>
    public event Action? Restored;

    public async Task<IConnectionMultiplexer> ConnectAsync(TextWriter log)
    {
        await _connecting.WaitAsync();
        try
        {
            if (_connection is not null) return _connection;
            var configuration = RedisUrl.ToConfiguration(options.RedisUrl!);
            configuration.AbortOnConnectFail = false;
            // While Redis is away, fail at once and deliver locally rather than queue and time out.
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ClientName = "vividly-hub";
            _connection = await ConnectionMultiplexer.ConnectAsync(configuration, log);
            _connection.ConnectionFailed += (_, e) => Log.Lost(logger, e.EndPoint?.ToString(), e.FailureType.ToString());
            _connection.ConnectionRestored += (_, e) =>
            {
                Log.Restored(logger, e.EndPoint?.ToString());
                Interlocked.Increment(ref _restorations);
                if (e.ConnectionType == ConnectionType.Subscription) Restored?.Invoke();
            };
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connecting.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis backplane connection to {Endpoint} lost: {Failure}")]
        public static partial void Lost(ILogger logger, string? endpoint, string failure);

        [LoggerMessage(2, LogLevel.Information, "Redis backplane connection to {Endpoint} restored")]
        public static partial void Restored(ILogger logger, string? endpoint);
    }
}
