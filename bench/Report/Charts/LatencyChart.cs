using Gateway.Bench.Report.Analysis;
using Gateway.Bench.Results;
using ScottPlot;

namespace Gateway.Bench.Report.Charts;

/// <summary>
/// Latency percentiles (p50, p99, p99.9) per system, at its maximum (its closed-loop run with the highest
/// throughput) and under partial load (its open-loop run nearest to half that maximum): grouped bars.
/// </summary>
internal static class LatencyChart
{
    private static readonly (string Name, Color Color)[] PercentileStyles =
    [
        ("p50", Color.FromHex("#9ecae1")),
        ("p99", Color.FromHex("#3182bd")),
        ("p99.9", Color.FromHex("#08306b")),
    ];

    /// <summary>One group of bars: which run, and what its tick label says.</summary>
    internal sealed record Group(SystemUnderTest System, LoadRun Run, LatencyPick Latency, string Label);

    public static IReadOnlyList<Group> PickGroups(LoadView view, string scenario)
    {
        var groups = new List<Group>();
        foreach (var system in Systems.All)
        {
            var peak = view.MaxCurve(scenario, system)
                .Where(r => LoadView.LatencyOf(r) is not null)
                .OrderByDescending(r => LoadView.ThroughputOf(r).PerSecond)
                .ThenBy(r => r.Concurrency)
                .FirstOrDefault();
            if (peak is not null)
            {
                groups.Add(new(system, peak, LoadView.LatencyOf(peak)!,
                    $"{Systems.Name(system)} ({LoadView.LatencyOf(peak)!.Kind})\nat max (c={Format.Integer(peak.Concurrency)})"));
            }

            var peakRate = peak is null ? (double?)null : LoadView.ThroughputOf(peak).PerSecond;
            var rate = view.RateRuns(scenario, system)
                .Where(r => LoadView.LatencyOf(r) is not null)
                .OrderBy(r => peakRate is { } p && r.OfferedPerSecond is { } o ? Math.Abs(o - p / 2) : double.MaxValue)
                .ThenBy(r => r.Concurrency)
                .FirstOrDefault();
            if (rate is not null)
            {
                var offered = rate.OfferedPerSecond is { } o ? $"{Format.Rate(o)}/s" : "fixed rate";
                var share = peakRate is > 0 && rate.OfferedPerSecond is { } o2 ? $", {Format.Number(100 * o2 / peakRate.Value, "F0")}% of max" : "";
                groups.Add(new(system, rate, LoadView.LatencyOf(rate)!, $"{Systems.Name(system)} ({LoadView.LatencyOf(rate)!.Kind})\n{offered}{share}"));
            }
        }

        return groups;
    }

    public static string? Draw(LoadView view, string scenario, string subtitle, string path)
    {
        var groups = PickGroups(view, scenario);
        if (groups.Count == 0)
            return $"no run with latency percentiles was measured in {scenario}";

        var values = groups.SelectMany(g => Values(g.Latency.Percentiles)).ToList();
        var positive = values.Where(v => v > 0).ToList();
        var logScale = positive.Count > 0 && positive.Max() / positive.Min() >= 20;
        var floor = logScale ? Math.Floor(Math.Log10(positive.Min())) : 0;
        var kinds = string.Join(", ", groups.Select(g => g.Latency.Kind).Distinct(StringComparer.Ordinal));

        var plot = ChartStyle.NewPlot(
            $"Latency percentiles: {scenario} (each system's longest timed path: {kinds})",
            subtitle,
            "",
            logScale ? "Milliseconds (log scale)" : "Milliseconds",
            Systems.All.Where(s => groups.All(g => g.System != s)));
        var bars = new List<Bar>();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var g = 0; g < groups.Count; g++)
        {
            var centre = g * (PercentileStyles.Length + 1);
            var percentiles = Values(groups[g].Latency.Percentiles);
            for (var p = 0; p < PercentileStyles.Length; p++)
            {
                var ms = percentiles[p];
                bars.Add(new Bar
                {
                    Position = centre + p - 1,
                    Value = logScale ? Math.Log10(Math.Max(ms, Math.Pow(10, floor))) : ms,
                    ValueBase = floor,
                    FillColor = PercentileStyles[p].Color,
                    Label = Format.Ms(ms),
                    Size = 0.9,
                });
            }

            ticks.AddMajor(centre, groups[g].Label);
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 12;
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimitsX(-2, (groups.Count - 1) * (PercentileStyles.Length + 1) + 2);
        var top = logScale ? Math.Log10(positive.Max()) : values.Max();
        if (logScale)
        {
            plot.Axes.Left.TickGenerator = LogTicks(floor, Math.Ceiling(top + 0.15));
            plot.Axes.SetLimitsY(floor, top + 0.35);
        }
        else
        {
            plot.Axes.SetLimitsY(0, top <= 0 ? 1 : top * 1.15);
        }

        plot.Legend.ManualItems.AddRange(PercentileStyles.Select(s => new LegendItem { LabelText = s.Name, FillColor = s.Color }));
        ChartStyle.LegendBelow(plot);
        ChartStyle.Save(plot, path);
        return null;
    }

    private static double[] Values(Percentiles p) => [p.P50, p.P99, p.P999];

    /// <summary>Major ticks at each power of ten (labelled in ms), minor ticks at 2…9 times it.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double from, double to)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var exponent = (int)from; exponent <= (int)to; exponent++)
        {
            ticks.AddMajor(exponent, Format.Number(Math.Pow(10, exponent), exponent < 0 ? "0.#########" : "N0"));
            for (var m = 2; m <= 9; m++)
                ticks.AddMinor(exponent + Math.Log10(m));
        }

        return ticks;
    }
}
