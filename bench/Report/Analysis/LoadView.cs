using Gateway.Bench.Results;

namespace Gateway.Bench.Report.Analysis;

/// <summary>Which latency a row or chart shows: the most complete one the run measured.</summary>
internal sealed record LatencyPick(Percentiles Percentiles, string Kind);

/// <summary>A throughput and what it counts: completed (delivered and acked) or only sent.</summary>
internal sealed record Throughput(double PerSecond, string Basis);

/// <summary>
/// The load results in the order the report shows them, with the few judgements the report makes:
/// whether a run measured anything, which throughput and latency stand for it, which scenario is the
/// main one. Nothing here invents a number; a run with nothing in its window is "not measured".
/// </summary>
internal sealed class LoadView
{
    public LoadView(LoadResults results)
    {
        Results = results;
        Runs = [.. results.Runs
            .Select((run, index) => (run, index))
            .OrderBy(x => x.run.Scenario, StringComparer.Ordinal)
            .ThenBy(x => SystemOrder(x.run.System))
            .ThenBy(x => x.run.Shape)
            .ThenBy(x => x.run.Concurrency)
            .ThenBy(x => x.run.OfferedPerSecond ?? 0)
            .ThenBy(x => x.index)
            .Select(x => x.run)];
        Scenarios = [.. Runs.Select(r => r.Scenario).Distinct(StringComparer.Ordinal)];
        MainScenario = PickMainScenario();
    }

    public LoadResults Results { get; }

    /// <summary>Every run, ordered by scenario, system, shape, concurrency, offered rate.</summary>
    public IReadOnlyList<LoadRun> Runs { get; }

    public IReadOnlyList<string> Scenarios { get; }

    /// <summary>The scenario with the widest concurrency sweep of the gateway: the one the charts show first.</summary>
    public string? MainScenario { get; }

    /// <summary>A run measured something if any message was sent, completed or failed in its window.</summary>
    public static bool IsMeasured(LoadRun run) => run.Sent > 0 || run.Completed > 0 || run.Errors > 0;

    /// <summary>Completed per second when the run completed anything, else sent per second.</summary>
    public static Throughput ThroughputOf(LoadRun run) =>
        run.Completed > 0 ? new(run.CompletedPerSecond, "completed/s") : new(run.SentPerSecond, "sent/s");

    /// <summary>Acked latency when measured, else delivered, else send: the longest path the run timed.</summary>
    public static LatencyPick? LatencyOf(LoadRun run) =>
        Usable(run.AckedLatencyMs) is { } acked ? new(acked, "acked")
        : Usable(run.DeliveredLatencyMs) is { } delivered ? new(delivered, "delivered")
        : Usable(run.SendLatencyMs) is { } send ? new(send, "send")
        : null;

    public static Percentiles? Usable(Percentiles? percentiles) =>
        percentiles is { Count: > 0 } ? percentiles : null;

    public static int SystemOrder(SystemUnderTest system)
    {
        for (var i = 0; i < Systems.All.Count; i++)
            if (Systems.All[i] == system)
                return i;
        return Systems.All.Count + (int)system;
    }

    /// <summary>Measured closed-loop runs of one system in one scenario, by concurrency (first run wins a tie).</summary>
    public IReadOnlyList<LoadRun> MaxCurve(string scenario, SystemUnderTest system) =>
        [.. Runs
            .Where(r => r.Scenario == scenario && r.System == system && r.Shape == LoadShape.Max && IsMeasured(r))
            .GroupBy(r => r.Concurrency)
            .Select(g => g.First())
            .OrderBy(r => r.Concurrency)];

    public IReadOnlyList<LoadRun> RateRuns(string scenario, SystemUnderTest system) =>
        [.. Runs.Where(r => r.Scenario == scenario && r.System == system && r.Shape == LoadShape.Rate && IsMeasured(r))];

    /// <summary>
    /// Why a system has no measured run (in a scenario, or at all): the notes of its unmeasured runs,
    /// which is where the harness records e.g. that RabbitMQ could not start.
    /// </summary>
    public string WhyNotMeasured(SystemUnderTest system, string? scenario = null)
    {
        var notes = Runs
            .Where(r => r.System == system && !IsMeasured(r) && !string.IsNullOrWhiteSpace(r.Notes))
            .OrderBy(r => scenario is not null && r.Scenario == scenario ? 0 : 1)
            .Select(r => r.Notes!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (notes.Count > 0)
            return string.Join("; ", notes);
        return Runs.Any(r => r.System == system)
            ? scenario is null ? "no measured run in the results file" : $"no measured run in scenario {scenario}"
            : "no run in the results file";
    }

    private string? PickMainScenario()
    {
        string? best = null;
        var bestScore = (-1, -1);
        foreach (var scenario in Scenarios)
        {
            var score = (
                MaxCurve(scenario, SystemUnderTest.Gateway).Count,
                Systems.All.Sum(s => MaxCurve(scenario, s).Count));
            if (score.CompareTo(bestScore) > 0)
            {
                best = scenario;
                bestScore = score;
            }
        }

        return best;
    }
}
