using System.Diagnostics;

namespace Gateway.Load.Measurement;

/// <summary>How one run offers its load.</summary>
/// <param name="Rate">Null: closed loop, each worker sends again as soon as its last send was acknowledged
/// (the maximum). A rate: open loop, messages scheduled at exactly that rate.</param>
internal sealed record DriveOptions(int Concurrency, TimeSpan WarmUp, TimeSpan Duration, double? Rate);

/// <summary>
/// Runs the sender workers of one run. Closed loop: <c>Concurrency</c> workers each keep one send in
/// flight. Open loop: the same workers, but message k is scheduled at start + k / rate and its
/// latencies are measured from that scheduled time, not from when a busy worker got round to it, so a
/// stall shows in the percentiles instead of being hidden (coordinated omission, as wrk2 corrects it).
/// </summary>
internal static class LoadDriver
{
    /// <summary>Returns true when the run ran out of prepared messages and its window was shortened.</summary>
    public static async Task<bool> DriveAsync(Targets.IRunSession session, RunRecorder recorder, DriveOptions options, CancellationToken cancellationToken)
    {
        // A small lead so every worker is running before the first scheduled send.
        var origin = Clock.Now + Clock.FromSeconds(0.05);
        var windowStart = origin + Clock.FromSeconds(options.WarmUp.TotalSeconds);
        var end = windowStart + Clock.FromSeconds(options.Duration.TotalSeconds);
        recorder.OpenWindow(windowStart, end);

        var exhausted = 0;
        var next = -1L;
        var interval = options.Rate is { } rate ? Stopwatch.Frequency / rate : 0;
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            for (long k = 0; ; k++)
            {
                long message;
                long start;
                if (options.Rate is null)
                {
                    message = Interlocked.Increment(ref next);
                    start = Clock.Now;
                }
                else
                {
                    message = worker + k * options.Concurrency;
                    start = origin + (long)(message * interval);
                    var wait = start - Clock.Now;
                    if (wait > Clock.FromSeconds(0.001))
                        await Task.Delay(TimeSpan.FromSeconds(Clock.ToSeconds(wait)), cancellationToken);
                }

                if (start >= end || cancellationToken.IsCancellationRequested)
                    return;
                if (message >= session.Capacity)
                {
                    Interlocked.Exchange(ref exhausted, 1);
                    recorder.CloseWindowAt(Math.Max(Clock.Now, windowStart));
                    return;
                }

                recorder.Started(message, start);
                try
                {
                    await session.SendAsync(message, cancellationToken);
                    recorder.SendAcknowledged(start);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    recorder.Failed(message, ex.Message);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return exhausted != 0;
    }

    /// <summary>Waits until every message sent has been acked by a recipient, or <paramref name="timeout"/>.</summary>
    public static async Task<bool> DrainAsync(RunRecorder recorder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Clock.Now + Clock.FromSeconds(timeout.TotalSeconds);
        while (recorder.TracksDelivery && recorder.Outstanding > 0)
        {
            if (Clock.Now >= deadline)
                return false;
            await Task.Delay(50, cancellationToken);
        }

        return true;
    }
}
