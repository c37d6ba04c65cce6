using System.Globalization;
using Vividly.Testing;

namespace Vividly.Stack;

/// <summary>
/// Everything one <see cref="StackOptions"/> asks for, started with the test fixtures, so the
/// scripts and the tests start each component the same way.
/// </summary>
internal sealed class RunningStack : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly List<ServiceProcess> _hubs = [];
    private RedisServer? _redis;
    private PostgresServer? _postgres;
    private string? _databaseUrl;
    private ServiceProcess? _worker;
    private HaproxyServer? _proxy;

    public static async Task<RunningStack> StartAsync(StackOptions options)
    {
        var stack = new RunningStack();
        try
        {
            await stack.StartPartsAsync(options);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync(StackOptions options)
    {
        if (options.ChosenPorts.FirstOrDefault(port => !FreePort.IsFree(port)) is var taken and > 0)
            throw new InvalidOperationException($"Port {taken} on 127.0.0.1 is taken; choose another.");
        // The hubs, the worker and the proxy name each other, so every port is known first.
        var hubPorts = Enumerable.Range(0, options.Hubs).Select(i => options.HubPort + i ?? FreePort.Next()).ToList();
        var workerPort = options.WorkerPort ?? FreePort.Next();
        var proxyPort = options.ProxyPort ?? FreePort.Next();

        if (options.Redis) _redis = await RedisServer.StartNewAsync(options.RedisPort);
        if (options.Postgres)
        {
            _postgres = await PostgresServer.StartNewAsync(options.PostgresPort);
            _databaseUrl = await _postgres.CreateDatabaseAsync("vividly");
        }

        var starting = hubPorts.Select((port, i) => ServiceProcess.StartHubAsync(
            HubSettings(options, i + 1, workerPort), new ServiceLaunch(port, options.HubAssembly, $"hub-{i + 1}"))).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            _hubs.AddRange(starting.Where(hub => hub.IsCompletedSuccessfully).Select(hub => hub.Result));
        }

        if (options.Proxy)
        {
            _proxy = await HaproxyServer.StartAsync(hubPorts, proxyPort, options.StatsPort);
            await WaitUntilReadyAsync(_proxy.BaseUrl, "haproxy");
        }
        if (options.Worker)
        {
            var settings = new Dictionary<string, string?>(options.Environment) { ["HUB_URL"] = (_proxy?.BaseUrl ?? _hubs[0].BaseUrl).ToString().TrimEnd('/') };
            _worker = await ServiceProcess.StartWorkerAsync(settings, new ServiceLaunch(workerPort, options.WorkerAssembly, "worker"));
        }
    }

    private Dictionary<string, string?> HubSettings(StackOptions options, int number, int workerPort)
    {
        var settings = new Dictionary<string, string?> { ["INSTANCE_ID"] = $"hub-{number.ToString(CultureInfo.InvariantCulture)}" };
        if (_redis is not null) settings["REDIS_URL"] = _redis.Url;
        if (_databaseUrl is not null) settings["DATABASE_URL"] = _databaseUrl;
        if (options.Worker) settings["WORKER_URL"] = $"http://127.0.0.1:{workerPort.ToString(CultureInfo.InvariantCulture)}";
        foreach (var (key, value) in options.Environment) settings[key] = value;
        return settings;
    }

    /// <summary>HAProxy listens before its health checks have found a hub up; a client arriving then would be refused.</summary>
    private static async Task WaitUntilReadyAsync(Uri baseUrl, string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri(baseUrl, "/health/ready"))).IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        if (!ready) throw new InvalidOperationException($"{name} at {baseUrl} did not answer /health/ready within 30 s.");
    }

    /// <summary>Where everything is, as the one line the scripts read.</summary>
    public object Addresses() => new
    {
        hubs = _hubs.Select((hub, i) => new { name = $"hub-{i + 1}", url = Url(hub.BaseUrl), pid = hub.Process.Id }),
        worker = _worker is null ? null : new { name = "worker", url = Url(_worker.BaseUrl), pid = _worker.Process.Id },
        proxy = _proxy is null ? null : Url(_proxy.BaseUrl),
        stats = _proxy?.StatsPort is { } stats ? $"http://127.0.0.1:{stats}" : null,
        redis = _redis?.Url,
        database = _databaseUrl,
        pids = ProcessIds(),
    };

    private static string Url(Uri baseUrl) => baseUrl.ToString().TrimEnd('/');

    /// <summary>Every process the stack started, so a script can check none is left after it stops.</summary>
    private List<int> ProcessIds()
    {
        var pids = _hubs.Select(hub => hub.Process.Id).ToList();
        if (_worker is not null) pids.Add(_worker.Process.Id);
        if (_proxy is not null) pids.Add(_proxy.ProcessId);
        if (_redis is not null) pids.Add(_redis.ProcessId);
        if (_postgres is not null) pids.Add(_postgres.PostmasterId);
        return pids;
    }

    /// <summary>The hub (<c>hub-N</c>) or the worker called <paramref name="name"/>.</summary>
    public ServiceProcess Service(string name)
    {
        if (name == "worker" && _worker is not null) return _worker;
        if (name.StartsWith("hub-", StringComparison.Ordinal)
            && int.TryParse(name[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= _hubs.Count)
            return _hubs[number - 1];
        throw new ArgumentException($"No service '{name}': hub-1..hub-{_hubs.Count}{(_worker is null ? "" : " or worker")}.");
    }

    /// <summary>The front first so nothing new arrives, then the services (SIGTERM: hubs drain their streams), then the stores.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        ServiceProcess[] services = _worker is null ? [.. _hubs] : [_worker, .. _hubs];
        await Task.WhenAll(services.Select(service => service.TerminateAsync(StopGrace)));
        foreach (var service in services) await service.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
