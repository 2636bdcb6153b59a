using System.Diagnostics;

namespace Gateway.Observability.Metrics;

/// <summary>Times consecutive stages of one call without allocating: each lap is the time since the previous one.</summary>
internal struct StageClock
{
    private readonly long _start;
    private long _lap;

    private StageClock(long now) => _start = _lap = now;

    public static StageClock Start() => new(Stopwatch.GetTimestamp());

    /// <summary>Time since the previous lap (or the start), and starts the next lap.</summary>
    public TimeSpan Lap()
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(_lap, now);
        _lap = now;
        return elapsed;
    }

    public readonly TimeSpan Total => Stopwatch.GetElapsedTime(_start);
}
