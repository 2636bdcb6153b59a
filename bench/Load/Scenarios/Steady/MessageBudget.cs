using Gateway.Bench.Results;

namespace Gateway.Load.Scenarios.Steady;

/// <summary>
/// How many messages to prepare for a run. It matters for the gateway only, whose documents are signed
/// before the run (RSA signing costs about a millisecond each): too few and the window ends early (the
/// run says so), too many and the harness signs for nothing. A closed-loop run extrapolates from the
/// previous run of the sweep, assuming throughput grows with concurrency^0.75 (sub-linear, but the
/// gateway grew 7x from 1 to 8 here) and doubling that; an open-loop run needs exactly rate × time.
/// </summary>
internal static class MessageBudget
{
    /// <summary>
    /// Guess for the first run of a sweep, per unit of concurrency: a durable send (fsyncs, group commit)
    /// takes tens of ms on a small shared machine. Later runs extrapolate from what was measured.
    /// </summary>
    private const double FirstGuessPerWorker = 50;

    /// <summary>The first guess never exceeds this rate, so a sweep that starts high does not sign for minutes.</summary>
    private const double FirstGuessMaximum = 1000;
    private const double Headroom = 2;
    private const long Minimum = 500;
    private const long Maximum = 150_000;

    public static long ClosedLoop(IReadOnlyList<LoadRun> previous, int concurrency, TimeSpan window)
    {
        var last = previous.LastOrDefault(r => r.Shape == LoadShape.Max && r.DurationSeconds > 0);
        var rate = last is null
            ? Math.Min(FirstGuessPerWorker * concurrency, FirstGuessMaximum)
            : Math.Max(last.SentPerSecond, 1) * Math.Pow(Math.Clamp((double)concurrency / last.Concurrency, 1, 16), 0.75);
        return Clamp(rate * Headroom * window.TotalSeconds + concurrency);
    }

    public static long OpenLoop(double rate, TimeSpan window) => Clamp(rate * window.TotalSeconds * 1.05 + 100);

    private static long Clamp(double messages) => Math.Clamp((long)messages, Minimum, Maximum);
}
