namespace Layers.Bench.LoadDriver;

/// <summary>CPU time and memory of a process and its children, read from /proc (Linux only, like the benchmark).</summary>
internal static class ProcStats
{
    private const double ClockTicksPerSecond = 100; // USER_HZ; 100 on every Linux x64 kernel

    public static IReadOnlyList<int> WithChildren(int pid) =>
        [pid, .. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int p) ? p : 0)
            .Where(p => p > 0 && ParentOf(p) == pid)];

    /// <summary>User + system CPU seconds consumed so far.</summary>
    public static double CpuSeconds(IEnumerable<int> pids) => pids.Sum(pid =>
    {
        string[] fields = AfterCommand(pid);
        return fields.Length > 12 ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond : 0;
    });

    /// <summary>
    /// Busy and total time so far of the CPUs in <paramref name="cpus"/> (taskset's list form, e.g. "0" or "0,2"), from
    /// /proc/stat, in clock ticks; busy is everything but idle and iowait, so it includes the softirq time the
    /// kernel spends there on loopback TCP.
    /// </summary>
    public static (long Busy, long Total) CoreTicks(string cpus)
    {
        var wanted = cpus.Split(',').Select(c => "cpu" + c.Trim()).ToHashSet();
        long busy = 0, total = 0;
        foreach (string line in File.ReadLines("/proc/stat"))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 8 && wanted.Contains(fields[0]))
            {
                long[] ticks = [.. fields[1..9].Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
                total += ticks.Sum();
                busy += ticks.Sum() - ticks[3] - ticks[4]; // user nice system idle iowait irq softirq steal
            }
        }
        return (busy, total);
    }

    /// <summary>A /proc/pid/status memory field (VmRSS, VmHWM) summed over the processes, in MiB.</summary>
    public static double MemoryMiB(IEnumerable<int> pids, string field) => pids.Sum(pid =>
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    });

    private static int ParentOf(int pid)
    {
        string[] fields = AfterCommand(pid);
        return fields.Length > 1 ? int.Parse(fields[1], CultureInfo.InvariantCulture) : 0;
    }

    // /proc/pid/stat is "pid (comm) state ppid …"; comm may hold spaces, so split after its closing parenthesis.
    private static string[] AfterCommand(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return [];
        }
    }
}
