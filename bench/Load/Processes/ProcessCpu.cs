using System.Globalization;

namespace Gateway.Load.Processes;

/// <summary>
/// CPU time a process has used (user + system, /proc/PID/stat fields 14 and 15), in seconds; null once
/// it is gone. The difference over a phase says whether a process was busy or waiting.
/// </summary>
internal static class ProcessCpu
{
    /// <summary>USER_HZ: the unit of those fields, 100 on Linux for every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    public static double? Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) state ppid ...": comm may hold spaces, so count fields after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): utime is field 14, stime field 15.
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
