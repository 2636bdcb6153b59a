using Gateway.Load.Cli;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>
/// The sizes of one mixed-priorities run. The backlog is pre-queued while no recipient is connected
/// (recipients that were offline, the usual way a backlog forms); then normal senders keep a
/// closed-loop load at the highest concurrency of the steady-4k sweep (--concurrency), where the
/// gateway accepted more than it delivered in steady-4k, so the backlog stands instead of draining,
/// while flash documents arrive open loop at <see cref="FlashRate"/>, few enough not to be load themselves.
/// </summary>
internal sealed record MixedPlan(int Backlog, int NormalConcurrency, long NormalDocuments, double FlashRate, int FlashConcurrency, long FlashDocuments,
    TimeSpan WarmUp, TimeSpan Duration)
{
    /// <summary>
    /// Closed-loop normal sends to sign for: the gateway reached about 1,000-1,600 sends/s in steady-4k
    /// on 2 cores; more than that is signed for nothing, fewer ends the window early (the row says so).
    /// </summary>
    private const double NormalRateGuess = 1500;

    public static MixedPlan For(RunSettings settings)
    {
        var window = (settings.WarmUp + settings.Duration).TotalSeconds;
        var backlog = settings.Quick ? 4000 : 10_000;
        var concurrency = settings.Concurrency.Max();
        var flashRate = settings.Quick ? 10.0 : 20.0;
        return new MixedPlan(
            Backlog: backlog,
            NormalConcurrency: concurrency,
            NormalDocuments: (long)(NormalRateGuess * window) + concurrency,
            FlashRate: flashRate,
            FlashConcurrency: 8,
            FlashDocuments: (long)(flashRate * window * 1.05) + 10,
            WarmUp: settings.WarmUp,
            Duration: settings.Duration);
    }
}
