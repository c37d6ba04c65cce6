using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Vividly.Testing;

/// <summary>
/// A throw-away <c>redis-server</c> on a free loopback port, with no persistence. Tests can kill
/// it, freeze it (SIGSTOP, <see cref="PauseAsync"/>) or keep it busy (<c>DEBUG SLEEP</c>, <see cref="SleepAsync"/>).
/// </summary>
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
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory,
                // DEBUG SLEEP, for a Redis that answers slowly; from loopback only.
                "--enable-debug-command", "local"],
            new Dictionary<string, string?>(), "redis");
        await Eventually.AssertAsync(PingsAsync, TimeSpan.FromSeconds(15), $"redis-server on port {Port} answers PING");
    }

    /// <summary>The running redis-server's process id.</summary>
    public int ProcessId => (_process ?? throw new InvalidOperationException("redis-server is not running.")).Id;

    /// <summary>Whether the server is frozen by <see cref="PauseAsync"/>.</summary>
    public bool IsPaused { get; private set; }

    /// <summary>Kills the server outright, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        // SIGKILL ends a stopped process too; SIGCONT first all the same, so nothing is left stopped.
        if (IsPaused) await ResumeAsync();
        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>
    /// SIGSTOP: Redis stops answering at once but keeps its sockets, so clients see a server that
    /// accepts connections and says nothing, not one that went away. Returns once the process is stopped.
    /// </summary>
    public async Task PauseAsync()
    {
        Signals.Stop(ProcessId);
        IsPaused = true;
        await Signals.AllStoppedAsync([ProcessId], TimeSpan.FromSeconds(5));
    }

    /// <summary>SIGCONT: Redis runs on, answering whatever waited meanwhile. Returns once the process runs.</summary>
    public async Task ResumeAsync()
    {
        Signals.Continue(ProcessId);
        IsPaused = false;
        await Signals.NoneStoppedAsync([ProcessId], TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Sends <c>DEBUG SLEEP</c> on a connection of its own, so Redis's one command thread is busy
    /// for <paramref name="duration"/> and every other client waits: a Redis that answers, slowly.
    /// Returns once Redis has taken the command (a PING elsewhere goes unanswered); the answer's
    /// <see cref="RedisSleep.Woken"/> completes when Redis answers the sleep.
    /// </summary>
    public async Task<RedisSleep> SleepAsync(TimeSpan duration)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        var seconds = duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"DEBUG SLEEP {seconds}\r\n"));
        var sentAt = Stopwatch.GetTimestamp();
        var woken = Task.Run(async () =>
        {
            using (client)
            {
                var reply = await ReadLineAsync(stream, duration + TimeSpan.FromSeconds(30));
                if (reply != "+OK") throw new InvalidOperationException($"DEBUG SLEEP answered '{reply}'");
                return Stopwatch.GetElapsedTime(sentAt);
            }
        });
        await Eventually.AssertAsync(async () => woken.IsCompleted || !await PingWithinAsync(TimeSpan.FromMilliseconds(200)),
            TimeSpan.FromSeconds(5), $"redis-server on port {Port} is busy with DEBUG SLEEP");
        if (woken.IsFaulted) await woken;
        return new RedisSleep(woken);
    }

    /// <summary>
    /// Whether Redis answers a PING on a new connection within <paramref name="timeout"/>: plain
    /// RESP over a socket, so the probe itself never waits longer than asked.
    /// </summary>
    public async Task<bool> PingWithinAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync("127.0.0.1", Port, deadline.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), deadline.Token);
            return await ReadLineAsync(stream, timeout, deadline.Token) == "+PONG";
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>One RESP line, without its CRLF; null when the connection closed first.</summary>
    private static async Task<string?> ReadLineAsync(NetworkStream stream, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer, deadline.Token) == 1)
        {
            if (buffer[0] == (byte)'\n') return line.ToString().TrimEnd('\r');
            line.Append((char)buffer[0]);
        }
        return null;
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

/// <summary>A <c>DEBUG SLEEP</c> under way; <see cref="Woken"/> answers how long Redis took to answer it.</summary>
public sealed record RedisSleep(Task<TimeSpan> Woken);
