using System.Globalization;

namespace Vividly.LoadTest.Metrics;

/// <summary>
/// CPU seconds spent so far by the hubs and by the services they lean on, read from /proc: the
/// difference between two readings is what a stretch of work cost. A service counts with its
/// children (PostgreSQL serves each connection from a child of the postmaster), live or reaped.
/// </summary>
internal sealed class CpuClock(IReadOnlyList<int> hubPids, IReadOnlyList<int> servicePids)
{
    // USER_HZ: the unit of the times in /proc/PID/stat; 100 on every Linux this runs on.
    private const double ClockTicksPerSecond = 100;

    public CpuReading Read() => new(
        hubPids.Count == 0 ? null : hubPids.Sum(pid => Ticks(pid)) / ClockTicksPerSecond,
        servicePids.Count == 0 ? null : servicePids.Sum(TicksWithChildren) / ClockTicksPerSecond);

    private static long TicksWithChildren(int pid)
    {
        var total = Ticks(pid, reaped: true);
        foreach (var child in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(child), NumberStyles.None, CultureInfo.InvariantCulture, out var childPid)) continue;
            if (Stat(childPid) is { } fields && fields[1] == pid.ToString(CultureInfo.InvariantCulture)) total += Ticks(fields, reaped: true);
        }
        return total;
    }

    /// <summary>utime + stime, and with <paramref name="reaped"/> cutime + cstime: what its finished children spent.</summary>
    private static long Ticks(int pid, bool reaped = false) => Stat(pid) is { } fields ? Ticks(fields, reaped) : 0;

    private static long Ticks(string[] fields, bool reaped)
    {
        var ticks = Field(fields, 11) + Field(fields, 12);
        return reaped ? ticks + Field(fields, 13) + Field(fields, 14) : ticks;
    }

    private static long Field(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);

    /// <summary>The fields after the command name (which may hold spaces): [0] is the state, [1] the parent's pid.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>CPU seconds so far, summed over the hubs and over the services; null when none was given.</summary>
internal readonly record struct CpuReading(double? HubSeconds, double? ServiceSeconds)
{
    public static CpuReading operator -(CpuReading end, CpuReading start) => new(
        end.HubSeconds - start.HubSeconds, end.ServiceSeconds - start.ServiceSeconds);
}
