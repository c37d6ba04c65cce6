using System.Globalization;
using Npgsql;

namespace Vividly.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster in a temp folder on a free loopback port, trusting local
/// connections. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Package = "postgresql";
    private readonly string _directory;
    private readonly string _data;
    private readonly string _binaries;
    private readonly bool _asRoot = Environment.UserName == "root";

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
        await RunAsync(Tool("pg_ctl"), ["-D", _data, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "start", "-o",
            $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"]);
        await Eventually.AssertAsync(AcceptsAsync, TimeSpan.FromSeconds(30), $"PostgreSQL on port {Port} accepts connections");
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
