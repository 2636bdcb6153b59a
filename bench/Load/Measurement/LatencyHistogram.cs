using Gateway.Bench.Results;
using HdrHistogram;

namespace Gateway.Load.Measurement;

/// <summary>
/// One latency distribution, recorded in microseconds into an HdrHistogram (3 significant digits, up
/// to 10 minutes) so p99.9 and max are exact to 0.1 % whatever the spread. Recording takes a lock:
/// HdrHistogram's LongHistogram is not thread-safe and at these rates (thousands per second) an
/// uncontended lock costs far less than the calls it measures.
/// </summary>
internal sealed class LatencyHistogram
{
    private const long HighestMicroseconds = 10L * 60 * 1_000_000;

    private readonly LongHistogram _histogram = new(HighestMicroseconds, 3);
    private readonly Lock _lock = new();

    public void Record(long elapsedTicks)
    {
        var microseconds = Math.Clamp(Clock.ToMicroseconds(elapsedTicks), 1, HighestMicroseconds);
        lock (_lock)
            _histogram.RecordValue(microseconds);
    }

    /// <summary>Milliseconds; null when nothing was recorded, so an empty row is not read as 0 ms.</summary>
    public Percentiles? Summary()
    {
        lock (_lock)
        {
            if (_histogram.TotalCount == 0)
                return null;
            return new Percentiles(
                Ms(_histogram.GetValueAtPercentile(50)),
                Ms(_histogram.GetValueAtPercentile(99)),
                Ms(_histogram.GetValueAtPercentile(99.9)),
                Ms(_histogram.GetMaxValue()),
                _histogram.TotalCount);
        }
    }

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
