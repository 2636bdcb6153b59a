using System.Globalization;
using Gateway.Bench.Results;

namespace Gateway.Load.Harness;

/// <summary>The results as a plain table on stdout, for whoever ran the harness by hand.</summary>
internal static class ResultsTable
{
    public static void Print(LoadResults results, string path, TextWriter output)
    {
        var m = results.Machine;
        output.WriteLine(Invariant($"{m.Cpu}, {m.Cores} cores, {m.MemoryGiB} GiB, {m.Os}, {m.Runtime}; load average {m.LoadAverageBefore:0.00} -> {m.LoadAverageAfter:0.00}"));
        output.WriteLine(Invariant($"{"scenario",-10} {"system",-9} {"shape",-5} {"c",4} {"offered/s",9} {"sent/s",8} {"done/s",8} {"err",5} {"send p50/p99",14} {"acked p50/p99",14} {"p99.9",8} {"max",8}"));
        foreach (var run in results.Runs)
        {
            output.WriteLine(Invariant(
                $"{run.Scenario,-10} {run.System,-9} {run.Shape,-5} {run.Concurrency,4} {run.OfferedPerSecond ?? 0,9:0} {run.SentPerSecond,8:0} {run.CompletedPerSecond,8:0} {run.Errors,5} {Pair(run.SendLatencyMs),14} {Pair(run.AckedLatencyMs),14} {run.AckedLatencyMs?.P999 ?? run.SendLatencyMs?.P999 ?? 0,8:0.0} {run.AckedLatencyMs?.Max ?? run.SendLatencyMs?.Max ?? 0,8:0.0}"));
            if (run.DurationSeconds == 0)
                output.WriteLine($"    {run.Notes}");
        }

        foreach (var scenario in results.Scenarios)
            output.WriteLine(Invariant($"scenario {scenario.Name}: {scenario.Metric}: {scenario.Value:0.####} {scenario.Unit}"));
        foreach (var target in results.Targets)
            output.WriteLine(Invariant($"target {target.Name}: {target.Target}, measured {target.Measured:0.###} {target.Unit} -> {(target.Met ? "MET" : "NOT MET")}"));
        output.WriteLine($"Results written to {path}");
    }

    private static string Pair(Percentiles? p) => p is null ? "-" : Invariant($"{p.P50:0.0}/{p.P99:0.0}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
