using System.Collections.Concurrent;

namespace Gateway.Load.Measurement;

/// <summary>
/// What one measured run saw. Every event is timed against the start of its message (the moment the
/// send began, or for an open-loop run the moment it was scheduled to begin) and counts only when it
/// happens inside the timed window, so warm-up and the drain after the run are excluded.
/// </summary>
/// <remarks>
/// Thread-safe: senders, receivers and the progress display call it concurrently. A message is
/// tracked from <see cref="Started"/> until it is acked or fails, so a redelivery (the same message
/// delivered twice) is counted once.
/// </remarks>
internal sealed class RunRecorder(bool tracksDelivery) : IDeliveryObserver
{
    private readonly ConcurrentDictionary<long, Tracked> _inFlight = new();
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _sent;
    private long _completed;
    private long _errors;
    private long _sentTotal;
    private long _completedTotal;
    private string? _firstError;

    public LatencyHistogram SendLatency { get; } = new();
    public LatencyHistogram DeliveredLatency { get; } = new();
    public LatencyHistogram AckedLatency { get; } = new();

    /// <summary>False for a system with no receiving side (the SQLite peer): only sends are measured.</summary>
    public bool TracksDelivery => tracksDelivery;

    public long Sent => Interlocked.Read(ref _sent);
    public long Completed => Interlocked.Read(ref _completed);
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Sends and completions over the whole run, warm-up included, for the progress line.</summary>
    public long SentTotal => Interlocked.Read(ref _sentTotal);
    public long CompletedTotal => Interlocked.Read(ref _completedTotal);

    /// <summary>Messages sent but not yet acked by a recipient.</summary>
    public int Outstanding => _inFlight.Count;

    public string? FirstError => Volatile.Read(ref _firstError);

    public long WindowStart => Interlocked.Read(ref _windowStart);
    public long WindowEnd => Interlocked.Read(ref _windowEnd);

    public double WindowSeconds => Clock.ToSeconds(WindowEnd - WindowStart);

    public void OpenWindow(long start, long end)
    {
        Interlocked.Exchange(ref _windowStart, start);
        Interlocked.Exchange(ref _windowEnd, end);
    }

    /// <summary>Ends the window early (the run ran out of prepared messages); later events no longer count.</summary>
    public void CloseWindowAt(long end)
    {
        long current;
        while (end < (current = Interlocked.Read(ref _windowEnd)) && Interlocked.CompareExchange(ref _windowEnd, end, current) != current)
        {
        }
    }

    public void Started(long message, long start)
    {
        if (tracksDelivery)
            _inFlight[message] = new Tracked(start);
    }

    /// <summary>The send was acknowledged by the system (receipt, confirm, commit).</summary>
    public void SendAcknowledged(long start)
    {
        var now = Clock.Now;
        Interlocked.Increment(ref _sentTotal);
        if (!InWindow(now))
            return;
        Interlocked.Increment(ref _sent);
        SendLatency.Record(now - start);
    }

    public void Delivered(long message)
    {
        var now = Clock.Now;
        if (!_inFlight.TryGetValue(message, out var tracked) || Interlocked.Exchange(ref tracked.Delivered, 1) == 1)
            return;
        if (InWindow(now))
            DeliveredLatency.Record(now - tracked.Start);
    }

    public void Acked(long message)
    {
        var now = Clock.Now;
        if (!_inFlight.TryRemove(message, out var tracked))
            return;
        Interlocked.Increment(ref _completedTotal);
        if (!InWindow(now))
            return;
        Interlocked.Increment(ref _completed);
        AckedLatency.Record(now - tracked.Start);
    }

    public void Failed(long message, string error)
    {
        _inFlight.TryRemove(message, out _);
        Interlocked.CompareExchange(ref _firstError, error, null);
        if (InWindow(Clock.Now))
            Interlocked.Increment(ref _errors);
    }

    private bool InWindow(long now) => now >= WindowStart && now < WindowEnd;

    private sealed class Tracked(long start)
    {
        public readonly long Start = start;
        public int Delivered;
    }
}
