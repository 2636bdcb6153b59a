using Gateway.Load.Measurement;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>
/// Samples, every 100 ms during the timed window, how many normal documents were accepted and not yet
/// acked (<see cref="PriorityLanes.NormalOutstanding"/>): the backlog each flash document had to
/// overtake. Its value at the window's start and end and its minimum say whether the backlog stood.
/// </summary>
internal sealed class BacklogDepth : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _first = -1;
    private long _last = -1;
    private long _minimum = long.MaxValue;

    public BacklogDepth(PriorityLanes lanes, RunRecorder window) => _loop = SampleAsync(lanes, window, _stop.Token);

    public long AtStart => Interlocked.Read(ref _first);
    public long AtEnd => Interlocked.Read(ref _last);
    public long Minimum => Interlocked.Read(ref _minimum) == long.MaxValue ? -1 : Interlocked.Read(ref _minimum);

    private async Task SampleAsync(PriorityLanes lanes, RunRecorder window, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Clock.Now;
                if (now < window.WindowStart || now >= window.WindowEnd)
                    continue;
                var depth = lanes.NormalOutstanding;
                Interlocked.CompareExchange(ref _first, depth, -1);
                Interlocked.Exchange(ref _last, depth);
                if (depth < Interlocked.Read(ref _minimum))
                    Interlocked.Exchange(ref _minimum, depth);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
