using System.Globalization;
using Npgsql;

namespace Vividly.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster in a temp folder on a free loopback port, trusting local
/// connections. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// Tests can freeze it whole (<see cref="PauseAsync"/>), stop and start it again.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Package = "postgresql";
    private readonly string _directory;
    private readonly string _data;
    private readonly string _binaries;
    private readonly bool _asRoot = Environment.UserName == "root";
    private readonly List<int> _paused = [];

    private PostgresServer()
    {
        _binaries = Path.GetDirectoryName(RequiredTool.FindGlob(Package, "/usr/lib/postgresql/*/bin", "initdb"))!;
        _directory = Directory.CreateTempSubdirectory("vividly-pg-").FullName;
        _data = Path.Combine(_directory, "data");
    }

    public int Port { get; } = FreePort.Next();

    public static async Task<PostgresServer> StartNewAsync()
    {
        var server = new PostgresServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>A fresh, empty database on this server, as a <c>DATABASE_URL</c>.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"vividly_{Guid.NewGuid():N}"[..24];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"postgres://postgres@127.0.0.1:{Port}/{name}";
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Pooling=false";

    private async Task StartAsync()
    {
        if (_asRoot) await RunAsync("chown", ["-R", "postgres:postgres", _directory]);
        await RunAsync(Tool("initdb"), ["-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await StartServerAsync();
    }

    /// <summary>
    /// Starts the stopped server again on the same port and data. fsync and full-page writes are
    /// off (the machine itself never crashes under a test), but a commit is written to the WAL
    /// before it is acknowledged (synchronous_commit stays on), so an immediate stop, which kills
    /// the server processes as a crash would, loses nothing the server acknowledged.
    /// </summary>
    public async Task StartServerAsync()
    {
        await RunAsync(Tool("pg_ctl"), ["-D", _data, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "start", "-o",
            $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300"]);
        await Eventually.AssertAsync(AcceptsAsync, TimeSpan.FromSeconds(30), $"PostgreSQL on port {Port} accepts connections");
    }

    /// <summary>
    /// <c>pg_ctl stop</c> in <paramref name="mode"/>: <c>fast</c> ends every session with an error
    /// and checkpoints; <c>immediate</c> kills them all and leaves crash recovery to the next start.
    /// </summary>
    public async Task StopServerAsync(string mode)
    {
        if (_paused.Count > 0) await ResumeAsync();
        await RunAsync(Tool("pg_ctl"), ["-D", _data, "-m", mode, "-w", "-t", "60", "stop"]);
    }

    /// <summary><c>pg_ctl restart</c> in <paramref name="mode"/>, with the options the server was started with.</summary>
    public async Task RestartAsync(string mode)
    {
        if (_paused.Count > 0) await ResumeAsync();
        await RunAsync(Tool("pg_ctl"), ["-D", _data, "-l", Path.Combine(_directory, "log"), "-m", mode, "-w", "-t", "60", "restart"]);
        await Eventually.AssertAsync(AcceptsAsync, TimeSpan.FromSeconds(30), $"PostgreSQL on port {Port} accepts connections after a restart");
    }

    /// <summary>The postmaster's process id: the first line of <c>postmaster.pid</c>.</summary>
    public int PostmasterId
    {
        get
        {
            var file = Path.Combine(_data, "postmaster.pid");
            var first = File.ReadLines(file).FirstOrDefault() ?? throw new InvalidOperationException($"{file} is empty.");
            return int.Parse(first.Trim(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The postmaster and every process it forked: backends, checkpointer, writers, launchers.</summary>
    public IReadOnlyList<int> ServerProcesses() => [PostmasterId, .. Signals.Children(PostmasterId)];

    /// <summary>Whether the server is frozen by <see cref="PauseAsync"/>.</summary>
    public bool IsPaused => _paused.Count > 0;

    /// <summary>
    /// SIGSTOP to the postmaster and then to every child it has: the postmaster first, so it
    /// forks no new backend meanwhile, then its children, read again until no running one is left.
    /// Every session then hangs mid-query with its socket open; new connections are accepted by
    /// the kernel and never answered. Returns once every process is stopped.
    /// </summary>
    public async Task PauseAsync()
    {
        if (IsPaused) throw new InvalidOperationException("PostgreSQL is already paused.");
        var postmaster = PostmasterId;
        Signals.Stop(postmaster);
        _paused.Add(postmaster);
        await Signals.AllStoppedAsync([postmaster], TimeSpan.FromSeconds(5));
        // A stopped postmaster forks nothing, so the children are all there is; each is stopped
        // once, and the list is read again in case one was forked just before the postmaster stopped.
        while (Signals.Children(postmaster).Except(_paused).ToList() is { Count: > 0 } running)
        {
            foreach (var child in running)
            {
                Signals.Stop(child);
                _paused.Add(child);
            }
        }
        await Signals.AllStoppedAsync(_paused, TimeSpan.FromSeconds(5));
    }

    /// <summary>SIGCONT to every process paused, children first and the postmaster last. Returns once all run.</summary>
    public async Task ResumeAsync()
    {
        var paused = _paused.ToList();
        foreach (var pid in paused.AsEnumerable().Reverse()) Signals.Continue(pid);
        _paused.Clear();
        await Signals.NoneStoppedAsync(paused, TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Whether <c>SELECT 1</c> on a new connection is answered within <paramref name="timeout"/>;
    /// a frozen server accepts the socket and never answers the startup message.
    /// </summary>
    public async Task<bool> AnswersWithinAsync(TimeSpan timeout)
    {
        // Npgsql's own cancellation asks the frozen server to cancel and waits for it: the probe
        // is let go at the deadline instead, and ends by its own timeouts once the server answers.
        var probe = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Command Timeout=5");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1;
        });
        try
        {
            return await probe.WaitAsync(timeout);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            _ = probe.ContinueWith(p => p.Exception, TaskScheduler.Default);
            return false;
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private string Tool(string name) => Path.Combine(_binaries, name);

    /// <summary>Runs a PostgreSQL tool to its end, as <c>postgres</c> when the tests run as root.</summary>
    private async Task RunAsync(string tool, IReadOnlyList<string> arguments)
    {
        var asPostgres = _asRoot && tool != "chown";
        var file = asPostgres ? RequiredTool.Find("util-linux", "runuser", "/usr/sbin/runuser", "/sbin/runuser") : tool;
        IEnumerable<string> args = asPostgres ? ["-u", "postgres", "--", tool, .. arguments] : arguments;
        await using var process = TestProcess.Start(file, _directory, args, new Dictionary<string, string?>(), Path.GetFileName(tool));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exited = await process.WaitForExitAsync(timeout.Token);
        if (exited != 0) throw new InvalidOperationException($"{tool} failed ({exited}):\n{process.RecentOutput}");
    }

    public async ValueTask DisposeAsync()
    {
        // pg_ctl stop waits forever on a stopped postmaster: let it run first.
        if (IsPaused) await ResumeAsync();
        try
        {
            await RunAsync(Tool("pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        TestProcess.TryDeleteDirectory(_directory);
    }
}
