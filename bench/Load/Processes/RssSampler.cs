namespace Gateway.Load.Processes;

/// <summary>
/// Samples a server's resident set size every 250 ms during a run and reports the peak growth over
/// the size it had when sampling began: what the run cost in memory, not what start-up cost.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly double _baseline;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _peak;

    public RssSampler(int pid)
    {
        _pid = pid;
        _baseline = ProcessMemory.ResidentMiB(pid) ?? 0;
        _peak = _baseline;
        _loop = SampleAsync();
    }

    public double PeakGrowthMiB => Math.Round(Math.Max(0, Volatile.Read(ref _peak) - _baseline), 1);

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (ProcessMemory.ResidentMiB(_pid) is { } now && now > Volatile.Read(ref _peak))
                    Volatile.Write(ref _peak, now);
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
