using System.Text;
using Gateway.Bench.Report.Analysis;
using Gateway.Bench.Report.Inputs;
using Gateway.Bench.Results;

namespace Gateway.Bench.Report.Markdown;

/// <summary>The long tables: every load run, the one-off scenarios, the micro-benchmarks by class.</summary>
internal static partial class SectionWriter
{
    private static void WriteLoadRuns(StringBuilder md, ReportInput input)
    {
        md.Append("### Load runs\n\n");
        if (input.LoadView is not { } view)
        {
            md.Append(Missing(input.LoadMissing));
            return;
        }

        if (view.Runs.Count == 0)
        {
            md.Append(Missing("the results file has no load runs"));
            return;
        }

        var runs = view.Runs;
        var delivered = runs.Any(r => LoadView.Usable(r.DeliveredLatencyMs) is not null);
        var rss = runs.Any(r => r.PeakRssGrowthMiB is not null);
        var setup = runs.Any(r => r.Senders > 0 || r.Recipients > 0 || r.MessageBytes > 0);
        md.Append("Latencies in milliseconds as p50 / p99 / p99.9: send = until the receipt (confirm, commit), ")
            .Append(delivered ? "delivered = until a recipient has it, " : "")
            .Append("acked = until the recipient's ack is accepted.\n\n");
        md.Append("| Scenario | System | Shape | Concurrency |");
        if (setup)
            md.Append(" Senders → recipients, size |");
        md.Append(" Window | Sent/s | Completed/s | Errors | Send | ");
        if (delivered)
            md.Append("Delivered | ");
        md.Append("Acked |");
        if (rss)
            md.Append(" RSS growth |");
        md.Append(" Notes |\n|---|---|---|---:|");
        if (setup)
            md.Append("---|");
        md.Append("---:|---:|---:|---:|---:|");
        if (delivered)
            md.Append("---:|");
        md.Append("---:|");
        if (rss)
            md.Append("---:|");
        md.Append("---|\n");
        foreach (var run in runs)
        {
            md.Append("| ").Append(Format.Cell(run.Scenario))
                .Append(" | ").Append(Systems.Name(run.System))
                .Append(" | ").Append(Systems.Shape(run))
                .Append(" | ").Append(Format.Integer(run.Concurrency)).Append(" |");
            if (setup)
                md.Append(' ').Append(SetupCell(run)).Append(" |");
            if (!LoadView.IsMeasured(run))
            {
                // The window cell says so; the measured cells after it stay empty.
                md.Append(' ').Append(NotMeasured).Append(" |");
                var empty = 5 + (delivered ? 1 : 0) + (rss ? 1 : 0);
                for (var i = 0; i < empty; i++)
                    md.Append(" |");
            }
            else
            {
                md.Append(' ').Append(Format.Number(run.DurationSeconds, "F0")).Append(" s")
                    .Append(" | ").Append(Format.Rate(run.SentPerSecond))
                    .Append(" | ").Append(Format.Rate(run.CompletedPerSecond))
                    .Append(" | ").Append(Format.Count(run.Errors))
                    .Append(" | ").Append(PercentilesCell(run.SendLatencyMs)).Append(" |");
                if (delivered)
                    md.Append(' ').Append(PercentilesCell(run.DeliveredLatencyMs)).Append(" |");
                md.Append(' ').Append(PercentilesCell(run.AckedLatencyMs)).Append(" |");
                if (rss)
                    md.Append(' ').Append(run.PeakRssGrowthMiB is { } mib ? Format.Number(mib, "F1") + " MiB" : "").Append(" |");
            }

            md.Append(' ').Append(Format.Cell(run.Notes)).Append(" |\n");
        }

        md.Append('\n');
        var absent = Systems.All.Where(s => !runs.Any(r => r.System == s && LoadView.IsMeasured(r))).ToList();
        foreach (var system in absent)
            md.Append("- ").Append(Systems.Name(system)).Append(", ").Append(NotMeasured).Append(": ")
                .Append(Format.Cell(view.WhyNotMeasured(system))).Append('\n');
        if (absent.Count > 0)
            md.Append('\n');
    }

    private static string SetupCell(LoadRun run)
    {
        var parts = new List<string>();
        if (run.Senders > 0 || run.Recipients > 0)
            parts.Add($"{Format.Integer(run.Senders)} → {Format.Integer(run.Recipients)}");
        if (run.MessageBytes > 0)
            parts.Add(Format.Bytes(run.MessageBytes));
        return string.Join(", ", parts);
    }

    private static string PercentilesCell(Percentiles? percentiles) =>
        LoadView.Usable(percentiles) is { } p ? $"{Format.Ms(p.P50)} / {Format.Ms(p.P99)} / {Format.Ms(p.P999)}" : "—";

    private static void WriteScenarios(StringBuilder md, ReportInput input)
    {
        md.Append("### Scenarios\n\n");
        if (input.Load is not { } load)
        {
            md.Append(Missing(input.LoadMissing));
            return;
        }

        if (load.Scenarios.Count == 0)
        {
            md.Append(Missing("the results file has no one-off scenarios"));
            return;
        }

        md.Append("| Scenario | Metric | Value | Details | Notes |\n|---|---|---:|---|---|\n");
        foreach (var scenario in load.Scenarios)
        {
            var details = string.Join(", ", scenario.Details
                .OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => $"{d.Key} = {Format.Value(d.Value)}"));
            md.Append("| ").Append(Format.Cell(scenario.Name))
                .Append(" | ").Append(Format.Cell(scenario.Metric))
                .Append(" | ").Append(Format.Value(scenario.Value)).Append(' ').Append(Format.Cell(scenario.Unit))
                .Append(" | ").Append(Format.Cell(details))
                .Append(" | ").Append(Format.Cell(scenario.Notes)).Append(" |\n");
        }

        md.Append('\n');
    }

    private static void WriteMicro(StringBuilder md, ReportInput input)
    {
        md.Append("### Micro-benchmarks\n\n");
        if (input.Micro is not { } micro)
        {
            md.Append(Missing(input.MicroMissing));
            return;
        }

        if (micro.Benchmarks.Count == 0)
        {
            md.Append(Missing($"no benchmark results in {micro.Files.Count} BenchmarkDotNet report(s)"));
            return;
        }

        var jobs = micro.Benchmarks.Select(b => b.Job).Where(j => j.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        md.Append("BenchmarkDotNet job ").Append(string.Join(", ", jobs.Select(Format.Code)))
            .Append(". Ratio is BenchmarkDotNet's, against the baseline of the same class,\n")
            .Append("category and parameters in the same run; Allocated is managed memory per operation.\n\n");
        foreach (var type in micro.Benchmarks
                     .GroupBy(b => (b.Namespace, b.Type))
                     .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Type, StringComparer.Ordinal))
        {
            var withParameters = type.Any(b => b.Parameters.Count > 0);
            md.Append("#### ").Append(type.Key.Type).Append(" (").Append(Format.Code(type.Key.Namespace)).Append(")\n\n");
            md.Append(withParameters ? "| Benchmark | Parameters | Mean | Ratio | Allocated |\n|---|---|---:|---:|---:|\n"
                : "| Benchmark | Mean | Ratio | Allocated |\n|---|---:|---:|---:|\n");
            foreach (var benchmark in type)
            {
                md.Append("| ").Append(Format.Cell(benchmark.Title)).Append(" |");
                if (withParameters)
                    md.Append(' ').Append(Format.Cell(benchmark.ParameterText)).Append(" |");
                if (benchmark.MeanNs is not { } mean)
                {
                    md.Append(' ').Append(NotMeasured).Append(" (BenchmarkDotNet reported no result; see its log) | | |\n");
                    continue;
                }

                md.Append(' ').Append(Format.Nanoseconds(mean))
                    .Append(" | ").Append(benchmark.Ratio is { } r ? Format.Ratio(r) : "—")
                    .Append(" | ").Append(benchmark.AllocatedBytes is { } a ? Format.Bytes(a) : "—").Append(" |\n");
            }

            md.Append('\n');
        }
    }
}
