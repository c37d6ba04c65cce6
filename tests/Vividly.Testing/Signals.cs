using System.Globalization;
using System.Runtime.InteropServices;

namespace Vividly.Testing;

/// <summary>
/// Signals to real processes and what Linux says about them under <c>/proc</c>: how tests freeze a
/// server (SIGSTOP) and let it go on (SIGCONT) exactly as a stalled VM, a swapped-out process or a
/// debugger would, with its sockets open and its clients left waiting.
/// </summary>
public static partial class Signals
{
    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;
    private const int NoSuchProcess = 3;

    /// <summary>SIGSTOP: the process stops running at once; the kernel still accepts connections on its listening sockets.</summary>
    public static void Stop(int pid) => Send(pid, SigStop);

    /// <summary>SIGCONT: a stopped process runs on where it stopped.</summary>
    public static void Continue(int pid) => Send(pid, SigCont);

    /// <summary>SIGKILL, which ends a stopped process too.</summary>
    public static void Kill(int pid) => Send(pid, SigKill);

    /// <summary>Whether the process exists (and is not a zombie).</summary>
    public static bool Exists(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    /// <summary>Whether the process is stopped by a signal ('T' in <c>/proc/&lt;pid&gt;/stat</c>).</summary>
    public static bool IsStopped(int pid) => State(pid) == 'T';

    /// <summary>Waits until every process given is stopped: SIGSTOP is delivered asynchronously.</summary>
    public static Task AllStoppedAsync(IReadOnlyCollection<int> pids, TimeSpan within) =>
        Eventually.AssertAsync(() => pids.All(pid => IsStopped(pid) || !Exists(pid)), within,
            $"processes {string.Join(", ", pids)} are stopped (states: {string.Join(", ", pids.Select(p => $"{p}={State(p)}"))})");

    /// <summary>Waits until none of the processes given is stopped any more.</summary>
    public static Task NoneStoppedAsync(IReadOnlyCollection<int> pids, TimeSpan within) =>
        Eventually.AssertAsync(() => pids.All(pid => !IsStopped(pid)), within,
            $"processes {string.Join(", ", pids)} run again (states: {string.Join(", ", pids.Select(p => $"{p}={State(p)}"))})");

    /// <summary>The one-letter state of the process (R, S, D, T, Z…), or null when there is none.</summary>
    public static char? State(int pid)
    {
        var stat = ReadStat(pid);
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        return stat is null ? null : stat[(stat.LastIndexOf(')') + 2)..][0];
    }

    /// <summary>The processes whose parent is <paramref name="parent"/>, read from every <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public static IReadOnlyList<int> Children(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var stat = ReadStat(pid);
            if (stat is null) continue;
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent) children.Add(pid);
        }
        return children;
    }

    /// <summary>The process's resident set size (<c>VmRSS</c> in <c>/proc/&lt;pid&gt;/status</c>), in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line: is {pid} a kernel thread or gone?");
    }

    private static string? ReadStat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Send(int pid, int signal)
    {
        if (SendSignal(pid, signal) == 0) return;
        var error = Marshal.GetLastPInvokeError();
        // A process that ended meanwhile needs no signal.
        if (error == NoSuchProcess) return;
        throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {error}.");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>For failure messages: each process with its state and command name.</summary>
    public static string Describe(IEnumerable<int> pids) =>
        string.Join(", ", pids.Select(pid => $"{pid}:{State(pid)?.ToString() ?? "gone"}:{Command(pid)}"));

    private static string Command(int pid)
    {
        var stat = ReadStat(pid);
        if (stat is null) return "?";
        var open = stat.IndexOf('(');
        return stat[(open + 1)..stat.LastIndexOf(')')];
    }
}
