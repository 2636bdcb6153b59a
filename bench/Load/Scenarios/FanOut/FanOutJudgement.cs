using Gateway.Bench.Results;
using Gateway.Load.Gateway;

namespace Gateway.Load.Scenarios.FanOut;

/// <summary>
/// fanout-10k's rows: the median Send → receipt time as a <see cref="ScenarioResult"/> (max, min, the
/// cold first document and the gateway's stage medians in its details), and the target that one
/// document reaches all its recipients' queues within a second, judged on the slowest document.
/// </summary>
internal static class FanOutJudgement
{
    public const double TargetSeconds = 1.0;

    public static ScenarioResult Result(string scenario, int recipients, FanOutSend cold, IReadOnlyList<FanOutSend> sends, double queuedAfter, long expectedQueued,
        string setup)
    {
        var seconds = sends.Select(s => s.Seconds).Order().ToList();
        double Median(Func<SendStages, double> stage) => MedianOf([.. sends.Select(s => stage(s.Stages)).Order()]);
        var queuedNote = queuedAfter == expectedQueued
            ? $"afterwards the gateway's queue-depth gauge showed all {expectedQueued:N0} deliveries of the {sends.Count + 1} documents queued"
            : $"afterwards the gateway's queue-depth gauge showed {queuedAfter:N0} document deliveries queued, not the {expectedQueued:N0} expected";
        return new ScenarioResult
        {
            Name = scenario,
            Metric = $"Send → receipt for one document to {recipients:N0} recipients (median of {sends.Count})",
            Value = Math.Round(MedianOf(seconds), 4),
            Unit = "s",
            Details = new Dictionary<string, double>
            {
                ["send s: max"] = Math.Round(seconds[^1], 4),
                ["send s: min"] = Math.Round(seconds[0], 4),
                ["send s: first document (cold, not counted)"] = Math.Round(cold.Seconds, 4),
                ["stage ms (median): validate"] = Median(s => s.ValidateMs),
                ["stage ms (median): verify"] = Median(s => s.VerifyMs),
                ["stage ms (median): store_payload"] = Median(s => s.StorePayloadMs),
                ["stage ms (median): persist"] = Median(s => s.PersistMs),
                ["stage ms (median): gateway total"] = Median(s => s.TotalMs),
                ["gateway CPU ms (median)"] = MedianOf([.. sends.Select(s => s.GatewayCpuMs).Order()]),
                ["queued deliveries after (gauge)"] = queuedAfter,
            },
            Notes = $"the receipt is returned only after the one transaction holding the document, its {recipients:N0} delivery rows and their " +
                $"'queued' events is committed and fsynced (PersistStage), so receipt = every delivery durably queued; timed in the harness from the " +
                $"start of the Send call to its response, one document at a time on an otherwise idle gateway, no recipient connected; stages from the " +
                $"gateway's gateway_send_stage_duration_seconds histogram; {queuedNote}; {setup}",
        };
    }

    public static TargetResult Target(string scenario, int recipients, IReadOnlyList<FanOutSend> sends)
    {
        var max = sends.Max(s => s.Seconds);
        var median = MedianOf([.. sends.Select(s => s.Seconds).Order()]);
        return new TargetResult
        {
            Name = $"fan-out to {recipients:N0} queued",
            Target = $"<= {TargetSeconds:0} s",
            Measured = Math.Round(max, 4),
            Unit = "s",
            Met = max <= TargetSeconds,
            Notes = $"{scenario}: the slowest of {sends.Count} documents (median {median:0.000} s), from the start of Send to its receipt, which comes once all {recipients:N0} deliveries are committed",
        };
    }

    private static double MedianOf(List<double> sorted) =>
        sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
