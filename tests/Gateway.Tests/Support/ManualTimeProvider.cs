namespace Gateway.Tests.Support;

/// <summary>
/// A clock that moves only when a test moves it: both the wall clock (<see cref="GetUtcNow"/>) and the
/// monotonic timestamp (<see cref="GetTimestamp"/>, one tick per 100 ns) advance together.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;
    private long _timestamp;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public override long GetTimestamp()
    {
        lock (_gate)
            return _timestamp;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _now += by;
            _timestamp += by.Ticks;
        }
    }

    /// <summary>Sets the wall clock (it may go back, as a stepped system clock does); the timestamp moves forward by the same amount or not at all.</summary>
    public void SetUtcNow(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now > _now)
                _timestamp += (now - _now).Ticks;
            _now = now;
        }
    }
}
