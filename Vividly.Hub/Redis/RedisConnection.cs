using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Vividly.Hub.Redis;

/// <summary>
/// The one Redis connection of this instance, shared by live delivery and connection limits, and
/// the one place that knows whether Redis answers: connected is not enough, since a paused or
/// overloaded Redis keeps its sockets open and answers nothing (<see cref="RedisStallWatch"/>).
/// Every command goes through <see cref="RunAsync{T}"/>, which waits at most
/// <c>REDIS_TIMEOUT_MS</c> and not at all while Redis is away, so no caller (a publish, a
/// connection starting or ending, admission, health) ever waits longer on Redis than that.
/// </summary>
public sealed partial class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IHostedService, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;
    private int _restorations;
    private int _stalled;

    /// <summary>Whether this instance uses Redis at all (<c>REDIS_URL</c> set); everything that would wait on it asks here.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>Connected, and answering within <c>REDIS_TIMEOUT_MS</c>.</summary>
    public bool IsConnected => (_connection?.IsConnected ?? false) && !IsStalled;

    /// <summary>Connected, but the last PING went unanswered.</summary>
    public bool IsStalled => Volatile.Read(ref _stalled) == 1;

    /// <summary>The connection, once made.</summary>
    public IConnectionMultiplexer? Connection => _connection;

    /// <summary>How many times Redis came back after it was lost or stalled: what it held may be gone, and live messages were lost.</summary>
    public int Restorations => Volatile.Read(ref _restorations);

    /// <summary>Raised when Redis answers again after it was lost or stalled.</summary>
    public event Action? Restored;

    /// <summary>
    /// Connects before anything that uses Redis starts. A Redis that is away does not hold up the
    /// start: the client keeps trying, and <see cref="Restored"/> is raised once it answers.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled) await ConnectAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ConnectAsync()
    {
        await _connecting.WaitAsync();
        try
        {
            if (_connection is not null) return;
            var configuration = RedisUrl.ToConfiguration(options.Value.Url!);
            configuration.AbortOnConnectFail = false;
            // While Redis is away, fail at once and deliver locally rather than queue and time out.
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            // The client's own timeouts match ours, so what we stop waiting for it stops holding too.
            configuration.AsyncTimeout = options.Value.TimeoutMs;
            configuration.SyncTimeout = options.Value.TimeoutMs;
            configuration.ConnectTimeout = 2 * options.Value.TimeoutMs;
            configuration.ClientName = "vividly-hub";
            _connection = await ConnectionMultiplexer.ConnectAsync(configuration, TextWriter.Null);
            _connection.ConnectionFailed += (_, e) => Log.Lost(logger, e.EndPoint?.ToString(), e.FailureType.ToString());
            _connection.ConnectionRestored += (_, e) =>
            {
                Log.Restored(logger, e.EndPoint?.ToString());
                if (e.ConnectionType != ConnectionType.Subscription) return;
                // A fresh connection answers: whatever stalled the old one is over.
                Volatile.Write(ref _stalled, 0);
                OnRestored();
            };
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> if Redis answers, waiting for it at most
    /// <paramref name="bound"/> (<c>REDIS_TIMEOUT_MS</c> unless given). Throws
    /// <see cref="RedisUnavailableException"/> at once while Redis is away or stalled, and when the
    /// command fails or outlasts the bound.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<IConnectionMultiplexer, Task<T>> command, TimeSpan? bound = null)
    {
        if (_connection is not { } connection || !IsConnected) throw new RedisUnavailableException(IsStalled ? "Redis is not answering." : "Redis is not connected.");
        Task<T>? running = null;
        try
        {
            running = command(connection);
            return await running.WaitAsync(bound ?? options.Value.Timeout);
        }
        catch (Exception ex)
        {
            // Whatever the failure (a timeout, a cancellation or a pipe error from a connection the
            // client is tearing down), this caller goes on without Redis. Left running, a command
            // still ends by the client's own timeout; its outcome is of no interest.
            _ = running?.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new RedisUnavailableException(ex.Message, ex);
        }
    }

    public Task RunAsync(Func<IConnectionMultiplexer, Task> command, TimeSpan? bound = null) =>
        RunAsync(async connection =>
        {
            await command(connection);
            return true;
        }, bound);

    /// <summary>A PING went unanswered within <c>REDIS_TIMEOUT_MS</c>: stop waiting on Redis until one is answered.</summary>
    public void ReportStalled()
    {
        if (Interlocked.Exchange(ref _stalled, 1) == 0) Log.Stalled(logger, options.Value.TimeoutMs);
    }

    /// <summary>A PING was answered: after a stall, what was lost meanwhile must be recovered.</summary>
    public void ReportAnswering()
    {
        if (Interlocked.Exchange(ref _stalled, 0) == 0) return;
        Log.Answering(logger);
        OnRestored();
    }

    private void OnRestored()
    {
        Interlocked.Increment(ref _restorations);
        Restored?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connecting.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis connection to {Endpoint} lost: {Failure}")]
        public static partial void Lost(ILogger logger, string? endpoint, string failure);

        [LoggerMessage(2, LogLevel.Information, "Redis connection to {Endpoint} restored")]
        public static partial void Restored(ILogger logger, string? endpoint);

        [LoggerMessage(3, LogLevel.Warning, "Redis is connected but did not answer a PING within {TimeoutMs} ms: going on without it until it does")]
        public static partial void Stalled(ILogger logger, int timeoutMs);

        [LoggerMessage(4, LogLevel.Information, "Redis answers again after a stall")]
        public static partial void Answering(ILogger logger);
    }
}
