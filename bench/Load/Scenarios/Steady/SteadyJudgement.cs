using Gateway.Bench.Results;

namespace Gateway.Load.Scenarios.Steady;

/// <summary>
/// The targets for steady load, judged on this run's rows: end-to-end completions at the
/// maximum, the gateway against RabbitMQ measured minutes apart on the same machine, and p99 acked
/// latency at half the maximum. A target whose input is missing is reported as not met, saying why.
/// </summary>
internal static class SteadyJudgement
{
    public const double ThroughputTarget = 5000;
    public const double RabbitRatioTarget = 1.0;
    public const double AckedP99TargetMs = 25;

    public static IEnumerable<TargetResult> Judge(string scenario, IReadOnlyList<LoadRun> runs)
    {
        var gateway = Measured(runs, scenario, SystemUnderTest.Gateway, LoadShape.Max);
        if (gateway.Count == 0)
            yield break;
        var gatewayMax = gateway.Max(r => r.CompletedPerSecond);
        var at = gateway.MaxBy(r => r.CompletedPerSecond)!;

        yield return new TargetResult
        {
            Name = "e2e throughput",
            Target = $">= {ThroughputTarget:0} docs/s",
            Measured = gatewayMax,
            Unit = "docs/s",
            Met = gatewayMax >= ThroughputTarget,
            Notes = $"{scenario}: completed (delivered and ACK applied) per second at the best concurrency of the sweep (c={at.Concurrency})",
        };

        var rabbit = Measured(runs, scenario, SystemUnderTest.RabbitMq, LoadShape.Max);
        var rabbitMax = rabbit.Count == 0 ? 0 : rabbit.Max(r => r.CompletedPerSecond);
        yield return new TargetResult
        {
            Name = "vs RabbitMQ",
            Target = $">= {RabbitRatioTarget:0.0}x RabbitMQ",
            Measured = rabbitMax > 0 ? Math.Round(gatewayMax / rabbitMax, 3) : 0,
            Unit = "x",
            Met = rabbitMax > 0 && gatewayMax / rabbitMax >= RabbitRatioTarget,
            Notes = rabbitMax > 0
                ? $"{scenario}: gateway {gatewayMax:0} vs RabbitMQ {rabbitMax:0} completed/s, each at its best concurrency, same run"
                : $"{scenario}: RabbitMQ was not measured in this run ({NotMeasuredReason(runs, scenario)}), so the target cannot be met",
        };

        var half = runs.FirstOrDefault(r => r.Scenario == scenario && r.System == SystemUnderTest.Gateway && r.Shape == LoadShape.Rate);
        var p99 = half?.AckedLatencyMs?.P99;
        yield return new TargetResult
        {
            Name = "p99 acked latency at 50% load",
            Target = $"<= {AckedP99TargetMs:0} ms",
            Measured = p99 ?? 0,
            Unit = "ms",
            Met = p99 is { } value && value <= AckedP99TargetMs,
            Notes = half is null
                ? $"{scenario}: no 50 % run of the gateway"
                : $"{scenario}: open loop at {half.OfferedPerSecond:0}/s (50 % of the maximum), c={half.Concurrency}; from scheduled send to the gateway's SettlementResult"
                  + (p99 is null ? "; nothing was acked in the window" : ""),
        };
    }

    private static List<LoadRun> Measured(IReadOnlyList<LoadRun> runs, string scenario, SystemUnderTest system, LoadShape shape) =>
        [.. runs.Where(r => r.Scenario == scenario && r.System == system && r.Shape == shape && r.DurationSeconds > 0)];

    private static string NotMeasuredReason(IReadOnlyList<LoadRun> runs, string scenario) =>
        runs.FirstOrDefault(r => r.Scenario == scenario && r.System == SystemUnderTest.RabbitMq)?.Notes ?? "not in --systems";
}
