using System.Diagnostics;
using System.Globalization;

namespace Vividly.LoadTest.Metrics;

/// <summary>A process's CPU and resident memory, read from /proc (Linux).</summary>
internal sealed class ProcessSampler(int pid)
{
    // USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux this runs on.
    private const double ClockTicksPerSecond = 100;

    private long _lastCpuTicks = -1;
    private long _lastTimestamp;

    public int Pid => pid;

    /// <summary>CPU is the share of one core since the previous sample (200 = two cores busy); null once the process is gone.</summary>
    public ProcessSample? Sample()
    {
        try
        {
            var now = Stopwatch.GetTimestamp();
            var cpuTicks = CpuTicks(File.ReadAllText($"/proc/{pid}/stat"));
            var rssKb = RssKb(File.ReadAllLines($"/proc/{pid}/status"));
            double? cpu = _lastCpuTicks < 0
                ? null
                : (cpuTicks - _lastCpuTicks) / ClockTicksPerSecond / Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds * 100;
            _lastCpuTicks = cpuTicks;
            _lastTimestamp = now;
            return new ProcessSample(cpu, rssKb / 1024.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>utime + stime: fields 14 and 15, counted after the command name, which may hold spaces.</summary>
    private static long CpuTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long RssKb(string[] status)
    {
        var line = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}

internal sealed record ProcessSample(double? CpuPercent, double RssMb);
