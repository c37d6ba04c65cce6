using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vividly.Testing;

/// <summary>
/// HAProxy in front of hub instances, round robin, with cookie stickiness as SignalR's SSE
/// transport needs (the client's POSTs must reach the instance holding its stream) or, for the
/// plain stream, which needs none, without. A dead or draining instance fails its health check
/// and its clients are sent elsewhere.
/// </summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    private const string CookieName = "VIVIDLY_HUB";
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-haproxy-").FullName;
    private TestProcess? _process;

    private readonly bool _sticky;

    private HaproxyServer(int port, int? statsPort, bool sticky)
    {
        Port = port;
        StatsPort = statsPort;
        _sticky = sticky;
    }

    public int Port { get; }

    /// <summary>Where HAProxy's stats page is served, when asked for.</summary>
    public int? StatsPort { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public int ProcessId => (_process ?? throw new InvalidOperationException("haproxy is not running.")).Id;

    /// <param name="port">The front's port; a free one when null.</param>
    /// <param name="statsPort">Where to serve HAProxy's stats page, for a person watching a local stack; none when null.</param>
    /// <param name="sticky">False: every request goes to the next instance, none is held to one.</param>
    public static async Task<HaproxyServer> StartAsync(IEnumerable<int> hubPorts, int? port = null, int? statsPort = null, bool sticky = true)
    {
        var server = new HaproxyServer(port ?? FreePort.Next(), statsPort, sticky);
        var binary = RequiredTool.Find("haproxy", "haproxy", "/usr/sbin/haproxy");
        var config = Path.Combine(server._directory, "haproxy.cfg");
        await File.WriteAllTextAsync(config, server.Config(hubPorts));
        server._process = TestProcess.Start(binary, server._directory, ["-db", "-f", config], new Dictionary<string, string?>(), "haproxy");
        var listening = await Eventually.HoldsAsync(async () => server._process.HasExited || await server.ListensAsync(), TimeSpan.FromSeconds(15));
        if (!listening || server._process.HasExited)
            throw new InvalidOperationException($"haproxy did not start on {server.Port}:\n{server._process.RecentOutput}");
        return server;
    }

    private string Config(IEnumerable<int> hubPorts)
    {
        var config = new StringBuilder(
            $"""
            global
                maxconn 5000
            defaults
                mode http
                timeout connect 2s
                timeout client 1h
                timeout server 1h
                timeout tunnel 1h
                option redispatch 1
                retries 2
                retry-on conn-failure empty-response 503
            frontend hubs
                bind 127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}
                default_backend hubs
            backend hubs
                balance roundrobin
            {(_sticky ? $"    cookie {CookieName} insert indirect nocache\n" : "")}    option httpchk GET /health/ready
                default-server inter 500ms fall 1 rise 2

            """);
        var i = 0;
        foreach (var port in hubPorts)
        {
            i++;
            config.AppendLine(CultureInfo.InvariantCulture, $"    server hub{i} 127.0.0.1:{port} check{(_sticky ? $" cookie {CookieValue(i - 1)}" : "")}");
        }
        if (StatsPort is { } stats)
            config.Append(CultureInfo.InvariantCulture, $"""
                listen stats
                    bind 127.0.0.1:{stats}
                    stats enable
                    stats uri /
                    stats refresh 5s

                """);
        return config.ToString();
    }

    /// <summary>The sticky cookie that sends a client to the hub at <paramref name="index"/> among those given at start.</summary>
    public static Cookie StickyCookie(int index) => new(CookieName, CookieValue(index));

    private static string CookieValue(int index) => $"hub{(index + 1).ToString(CultureInfo.InvariantCulture)}";

    private async Task<bool> ListensAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        TestProcess.TryDeleteDirectory(_directory);
    }
}
