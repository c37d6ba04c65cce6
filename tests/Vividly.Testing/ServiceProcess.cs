using System.Globalization;

namespace Vividly.Testing;

/// <summary>
/// A hub or worker running as its own process on a loopback port, built beside the tests, so
/// tests can kill it, stop it with SIGTERM or start it again on the same port.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _assembly;
    private readonly Dictionary<string, string?> _environment;
    private readonly Action<string>? _onOutputLine;
    private TestProcess _process;

    private ServiceProcess(string assembly, Dictionary<string, string?> environment, Action<string>? onOutputLine, TestProcess process, int port)
    {
        _assembly = assembly;
        _environment = environment;
        _onOutputLine = onOutputLine;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public TestProcess Process => _process;

    /// <summary>The process's resident memory now (<c>VmRSS</c>), in bytes.</summary>
    public long ResidentBytes => Signals.ResidentBytes(_process.Id);

    /// <summary>A hub with the test secret, on the embedded defaults unless <paramref name="settings"/> says otherwise.</summary>
    /// <param name="launch">Where and what to start; by default the hub built beside the tests, on a free port.</param>
    public static Task<ServiceProcess> StartHubAsync(IReadOnlyDictionary<string, string?> settings, ServiceLaunch? launch = null) =>
        StartAsync("Vividly.Hub", settings, launch ?? new ServiceLaunch());

    public static Task<ServiceProcess> StartWorkerAsync(IReadOnlyDictionary<string, string?> settings, ServiceLaunch? launch = null) =>
        StartAsync("Vividly.Worker", settings, launch ?? new ServiceLaunch());

    private static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string?> settings, ServiceLaunch launch)
    {
        var assembly = launch.Assembly ?? BuiltAssembly(project);
        var port = launch.Port ?? FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["SECRET_KEY"] = TestTokens.Secret,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings) environment[key] = value;

        var service = new ServiceProcess(assembly, environment, launch.OnOutputLine, Launch(assembly, environment, launch.Name ?? project, launch.OnOutputLine), port);
        try
        {
            await service.WaitUntilLiveAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process again on the same port, with the same settings.</summary>
    public async Task RestartAsync()
    {
        await _process.KillAsync();
        await StartAgainAsync();
    }

    /// <summary>Starts the process, stopped by <see cref="KillAsync"/> or <see cref="TerminateAsync"/>, again on the same port with the same settings.</summary>
    public async Task StartAgainAsync()
    {
        if (!_process.HasExited) throw new InvalidOperationException($"{_process.Name} still runs.");
        await _process.DisposeAsync();
        _process = Launch(_assembly, _environment, _process.Name, _onOutputLine);
        await WaitUntilLiveAsync();
    }

    public Task KillAsync() => _process.KillAsync();

    public Task<bool> TerminateAsync(TimeSpan grace) => _process.TerminateAsync(grace);

    private async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var live = await Eventually.HoldsAsync(async () =>
        {
            if (_process.HasExited) return true;
            try
            {
                return (await http.GetAsync(new Uri(BaseUrl, "/health/ready"))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        if (!live || _process.HasExited)
            throw new InvalidOperationException($"{_process.Name} on port {Port} did not become ready:\n{_process.RecentOutput}");
    }

    private static TestProcess Launch(string assembly, Dictionary<string, string?> environment, string name, Action<string>? onOutputLine) =>
        TestProcess.Start("dotnet", Path.GetDirectoryName(assembly)!, [assembly], environment, name, onOutputLine);

    /// <summary>The project's assembly in the same configuration as the running tests.</summary>
    private static string BuiltAssembly(string project)
    {
        var testOutput = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testOutput.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Path, project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built; build the solution first.");
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
