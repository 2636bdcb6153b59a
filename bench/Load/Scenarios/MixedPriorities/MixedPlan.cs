using Gateway.Load.Cli;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>
/// The sizes of one mixed-priorities run. The backlog is pre-queued while no recipient is connected
/// (recipients that were offline, the usual way a backlog forms); then normal senders keep a
/// closed-loop load at the highest concurrency of the steady-4k sweep (--concurrency), where the
/// gateway accepted more than it delivered in steady-4k, so the backlog stands instead of draining,
/// while flash documents arrive open loop at <see cref="FlashRate"/>, few enough not to be load themselves.
/// </summary>
internal sealed record MixedPlan(int Backlog, int NormalConcurrency, double FlashRate, int FlashConcurrency, long FlashDocuments,
    TimeSpan WarmUp, TimeSpan Duration)
{
    /// <summary>
    /// Closed-loop normal sends to sign for: half as much again as the rate the gateway accepted the
    /// backlog at (same senders and concurrency; it includes the start-up and the machine may be
    /// busier then), kept between 1,000/s and 2,000/s (the gateway sent at most about 1,600/s in
    /// steady-4k here). More is signed for nothing (about a millisecond of CPU each); fewer ends the
    /// window early, and the row says so.
    /// </summary>
    public long NormalDocuments(double backlogAcceptedPerSecond) =>
        (long)(Math.Clamp(backlogAcceptedPerSecond * 1.5, 1000, 2000) * (WarmUp + Duration).TotalSeconds) + NormalConcurrency;

    public static MixedPlan For(RunSettings settings)
    {
        var window = (settings.WarmUp + settings.Duration).TotalSeconds;
        var backlog = settings.Quick ? 4000 : 10_000;
        var concurrency = settings.Concurrency.Max();
        var flashRate = settings.Quick ? 10.0 : 20.0;
        return new MixedPlan(
            Backlog: backlog,
            NormalConcurrency: concurrency,
            FlashRate: flashRate,
            FlashConcurrency: 8,
            FlashDocuments: (long)(flashRate * window * 1.05) + 10,
            WarmUp: settings.WarmUp,
            Duration: settings.Duration);
    }
}
