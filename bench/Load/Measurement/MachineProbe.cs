using System.Globalization;
using System.Runtime.InteropServices;
using Gateway.Bench.Results;

namespace Gateway.Load.Measurement;

/// <summary>The machine a run measured, from /proc and /etc/os-release (Linux), for the results file.</summary>
internal static class MachineProbe
{
    public static MachineInfo Describe(DateTimeOffset startedAt) => new()
    {
        Cpu = CpuModel(),
        Cores = Environment.ProcessorCount,
        MemoryGiB = Math.Round(MemoryKiB() / 1024.0 / 1024.0, 1),
        Os = OsName(),
        Runtime = $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}",
        StartedAt = startedAt,
        LoadAverageBefore = LoadAverage(),
    };

    /// <summary>The 1-minute load average: how busy the machine was besides the run.</summary>
    public static double LoadAverage()
    {
        var text = Read("/proc/loadavg");
        return text is null ? 0 : double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string CpuModel() =>
        Lines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static long MemoryKiB()
    {
        var line = Lines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["MemTotal:".Length..].Trim().TrimEnd('B', 'k').Trim(), CultureInfo.InvariantCulture);
    }

    private static string OsName()
    {
        var pretty = Lines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        var kernel = Read("/proc/sys/kernel/osrelease")?.Trim();
        var name = pretty?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
        return kernel is null ? name : $"{name}, Linux {kernel}";
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] Lines(string path) => Read(path)?.Split('\n') ?? [];
}
