using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vividly.Testing;

/// <summary>A child process of a test, its recent output kept for the failure message.</summary>
public sealed class TestProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private const int KeptErrorLines = 200;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Lock _errorsLock = new();
    private int _errorContext;
    private readonly Process _process;
    private readonly Lock _logLock = new();
    private StreamWriter? _log;

    private TestProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        if (LogDirectory is not null)
            _log = new StreamWriter(Path.Combine(LogDirectory, $"{name}.log"), append: true) { AutoFlush = true };
    }

    /// <summary>
    /// Where every process started from now on also writes all its output, to <c>NAME.log</c>:
    /// set by the stack launcher, whose services outlive the few hundred lines kept in memory.
    /// </summary>
    public static string? LogDirectory { get; set; }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>When the process was seen to end, as a <see cref="Stopwatch"/> timestamp; null while it runs.</summary>
    public long? ExitedAt { get; private set; }

    public string RecentOutput => string.Join('\n', _output);

    /// <summary>
    /// The first log lines at error level or above (<c>fail:</c>, <c>crit:</c>, or as JSON
    /// <c>"severity":"ERROR"</c> or <c>"CRITICAL"</c>; an unhandled exception), each with the few lines after it: the cause of a failure, which a noisy end can
    /// push out of <see cref="RecentOutput"/>.
    /// </summary>
    public IReadOnlyList<string> FirstErrors => [.. _errors];

    /// <param name="onOutputLine">Hears every line the process writes to stdout; set, its stdin is kept open for <see cref="SendLineAsync"/>.</param>
    public static TestProcess Start(string fileName, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string name,
        Action<string>? onOutputLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = onOutputLine is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new TestProcess(process, name);
        process.OutputDataReceived += (_, e) =>
        {
            started.Keep(e.Data);
            if (e.Data is not null) onOutputLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.Exited += (_, _) => started.ExitedAt ??= Stopwatch.GetTimestamp();
        if (!process.Start()) throw new InvalidOperationException($"Could not start {fileName}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Writes a line to the stdin of a process started with an output listener.</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Cloud Run sends before it stops an instance; answers whether it exited in time.</summary>
    public async Task<bool> TerminateAsync(TimeSpan grace)
    {
        if (_process.HasExited) return true;
        using (var signal = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return false;
        }
    }

    /// <summary>Waits for the process to end on its own; answers its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    public static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue($"[{Name}] {line}");
        // stdout and stderr are read on different threads, and the log may be closed already.
        lock (_logLock) _log?.WriteLine(line);
        lock (_errorsLock)
        {
            if (IsError(line))
                _errorContext = 3;
            if (_errorContext > 0 && _errors.Count < KeptErrorLines)
            {
                _errorContext--;
                _errors.Enqueue($"[{Name}] {line}");
            }
        }
        while (_output.Count > KeptLines) _output.TryDequeue(out _);
    }

    /// <summary>An error in the human-readable console format (Development) or in the JSON lines the services write elsewhere.</summary>
    private static bool IsError(string line) =>
        line.Contains("fail: ", StringComparison.Ordinal) || line.Contains("crit: ", StringComparison.Ordinal) ||
        line.Contains("\"severity\":\"ERROR\"", StringComparison.Ordinal) || line.Contains("\"severity\":\"CRITICAL\"", StringComparison.Ordinal) ||
        line.Contains("Unhandled exception", StringComparison.Ordinal);
}
