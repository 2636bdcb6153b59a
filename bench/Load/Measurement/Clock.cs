using System.Diagnostics;

namespace Gateway.Load.Measurement;

/// <summary>Monotonic time in Stopwatch ticks: every timestamp the harness takes comes from here.</summary>
internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static long FromSeconds(double seconds) => (long)(seconds * Stopwatch.Frequency);

    public static double ToSeconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    public static long ToMicroseconds(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}
