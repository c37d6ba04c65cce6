using System.Globalization;

namespace Vividly.Stack;

/// <summary>What to start, read from the command line.</summary>
internal sealed class StackOptions
{
    public const string Usage = """
        Usage: Vividly.Stack [options]
          --hubs N              hub instances, hub-1..hub-N (default 1)
          --redis               a throw-away redis-server; the hubs get REDIS_URL
          --postgres            a throw-away PostgreSQL with database vividly; the hubs get DATABASE_URL
          --proxy               HAProxy in front of the hubs, with cookie stickiness
          --worker              the worker; its HUB_URL is the proxy, or hub-1; the hubs get WORKER_URL
          --env KEY=VALUE       a setting for every hub and the worker (repeatable)
          --hub-dll PATH        the hub to start (default: the one built beside this tool)
          --worker-dll PATH     the worker to start (likewise)
          --hub-port P          hub-N listens on P+N-1 (default: free ports; so for every port below)
          --worker-port P, --proxy-port P, --stats-port P (HAProxy's stats page), --redis-port P, --postgres-port P
          --logs DIR            write every process's output to DIR/NAME.log
          --commands            read commands from stdin, each answered with a line 'ok' or 'error: ...':
                                  stop NAME [SIGTERM|SIGKILL]   start NAME   (NAME: hub-N or worker)
                                and stop everything when stdin closes
        Prints one JSON line with the addresses once everything is ready, then runs until SIGTERM or
        SIGINT (or stdin closes, with --commands) and stops everything it started.
        """;

    public int Hubs { get; private set; } = 1;
    public bool Redis { get; private set; }
    public bool Postgres { get; private set; }
    public bool Proxy { get; private set; }
    public bool Worker { get; private set; }
    public Dictionary<string, string?> Environment { get; } = [];
    public string? HubAssembly { get; private set; }
    public string? WorkerAssembly { get; private set; }
    public int? HubPort { get; private set; }
    public int? WorkerPort { get; private set; }
    public int? ProxyPort { get; private set; }
    public int? StatsPort { get; private set; }
    public int? RedisPort { get; private set; }
    public int? PostgresPort { get; private set; }
    public string? Logs { get; private set; }
    public bool Commands { get; private set; }

    /// <summary>The ports asked for by hand, which must be free.</summary>
    public IEnumerable<int> ChosenPorts =>
        new[] { WorkerPort, ProxyPort, StatsPort, RedisPort, PostgresPort }.OfType<int>()
            .Concat(HubPort is { } first ? Enumerable.Range(first, Hubs) : []);

    /// <exception cref="ArgumentException">The arguments are not understood.</exception>
    public static StackOptions Parse(IReadOnlyList<string> args)
    {
        var options = new StackOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
            int Port() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port : throw new ArgumentException($"{args[i - 1]} takes a port number, not '{args[i]}'.");
            switch (args[i])
            {
                case "--hubs":
                    options.Hubs = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var hubs) && hubs > 0
                        ? hubs : throw new ArgumentException($"--hubs takes a number above 0, not '{args[i]}'.");
                    break;
                case "--redis": options.Redis = true; break;
                case "--postgres": options.Postgres = true; break;
                case "--proxy": options.Proxy = true; break;
                case "--worker": options.Worker = true; break;
                case "--env":
                    var setting = Value();
                    var equals = setting.IndexOf('=', StringComparison.Ordinal);
                    if (equals < 1) throw new ArgumentException($"--env takes KEY=VALUE, not '{setting}'.");
                    options.Environment[setting[..equals]] = setting[(equals + 1)..];
                    break;
                case "--hub-dll": options.HubAssembly = Path.GetFullPath(Value()); break;
                case "--worker-dll": options.WorkerAssembly = Path.GetFullPath(Value()); break;
                case "--hub-port": options.HubPort = Port(); break;
                case "--worker-port": options.WorkerPort = Port(); break;
                case "--proxy-port": options.ProxyPort = Port(); break;
                case "--stats-port": options.StatsPort = Port(); break;
                case "--redis-port": options.RedisPort = Port(); break;
                case "--postgres-port": options.PostgresPort = Port(); break;
                case "--logs": options.Logs = Path.GetFullPath(Value()); break;
                case "--commands": options.Commands = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if (options.StatsPort is not null && !options.Proxy) throw new ArgumentException("--stats-port needs --proxy.");
        return options;
    }
}
