using System.Globalization;

namespace Gateway.Bench.Report;

/// <summary>Facts about the machine the report runs on, for when the load results are missing.</summary>
internal static class LocalMachine
{
    /// <summary>MemTotal from /proc/meminfo, in GiB; null where there is no such file.</summary>
    public static double? MemoryGiB()
    {
        const string MemInfo = "/proc/meminfo";
        if (!File.Exists(MemInfo))
            return null;
        foreach (var line in File.ReadLines(MemInfo))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
                continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
                return kib / (1024.0 * 1024.0);
        }

        return null;
    }
}
