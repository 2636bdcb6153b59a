using Gateway.Bench.Results;

namespace Gateway.Bench.Report;

/// <summary>The targets as a plain-text table on the console: what bench/run.sh shows at its end.</summary>
internal static class TargetsSummary
{
    public static void Print(LoadResults? load, string? loadMissing, TextWriter output)
    {
        output.WriteLine();
        if (load is null)
        {
            output.WriteLine($"Targets: not measured in this run ({loadMissing}).");
            return;
        }

        if (load.Targets.Count == 0)
        {
            output.WriteLine("Targets: not measured in this run (the results file judged no targets).");
            return;
        }

        var rows = load.Targets
            .Select(t => new[] { t.Met ? "met" : "MISSED", t.Name, t.Target, $"{Format.Value(t.Measured)} {t.Unit}" })
            .Prepend(["", "Target", "Goal", "Measured"])
            .ToList();
        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        output.WriteLine(load.Quick ? "Targets (quick run: indicative only):" : "Targets:");
        foreach (var row in rows)
            output.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i == 3 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        var met = load.Targets.Count(t => t.Met);
        output.WriteLine($"  {met} of {load.Targets.Count} targets met.");
    }
}
