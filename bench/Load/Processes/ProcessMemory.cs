using System.Globalization;

namespace Gateway.Load.Processes;

/// <summary>Resident set size of a process from /proc/PID/status (VmRSS), in MiB; null once it is gone.</summary>
internal static class ProcessMemory
{
    public static double? ResidentMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                // "VmRSS:     123456 kB"
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    continue;
                var kilobytes = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
