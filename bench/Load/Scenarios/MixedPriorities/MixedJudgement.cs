using System.Globalization;
using Gateway.Bench.Results;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>
/// The judged target of mixed-priorities: a flash document overtakes the normal backlog (design.md:
/// "a flash document overtakes a normal backlog"), measured as flash p99 delivered latency below the
/// normal p50 delivered latency of the same window and recipients. It only means something while the
/// backlog stood: if the normal documents outstanding ever fell to what the recipients' credits hold
/// in flight, there was nothing to overtake, and the target is reported as not met, saying so.
/// </summary>
internal static class MixedJudgement
{
    public const string TargetName = "flash overtakes a normal backlog";

    public static TargetResult Judge(string scenario, LoadRun? normal, LoadRun? flash, long backlogMinimum, long inFlightAllowance)
    {
        var flashP99 = flash?.DeliveredLatencyMs?.P99;
        var normalP50 = normal?.DeliveredLatencyMs?.P50;
        var stood = backlogMinimum > inFlightAllowance;
        var target = normalP50 is { } p50 ? $"flash p99 delivered < normal p50 delivered ({Ms(p50)} ms)" : "flash p99 delivered < normal p50 delivered";
        string notes;
        if (flashP99 is null || normalP50 is null)
        {
            notes = $"{scenario}: " + (flash is null || normal is null ? "the run did not complete" : "no flash or no normal document was delivered in the window");
        }
        else
        {
            notes = $"{scenario}: flash p99 {Ms(flashP99.Value)} ms vs normal p50 {Ms(normalP50.Value)} ms ({(normalP50.Value / Math.Max(flashP99.Value, 1e-3)).ToString("0.#", CultureInfo.InvariantCulture)}x); " +
                $"from send (flash: scheduled send) to arrival on the recipient's Exchange stream; normal documents accepted and not yet acked never fell below {backlogMinimum:N0} in the window";
            if (!stood)
                notes += $", which is no more than the {inFlightAllowance:N0} the recipients' credits keep in flight: the backlog drained, so there was nothing to overtake";
        }

        return new TargetResult
        {
            Name = TargetName,
            Target = target,
            Measured = flashP99 ?? 0,
            Unit = "ms",
            Met = flashP99 is { } f && normalP50 is { } n && f < n && stood,
            Notes = notes,
        };
    }

    private static string Ms(double value) => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
}
