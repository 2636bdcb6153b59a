using Gateway.Bench.Report.Analysis;
using ScottPlot;

namespace Gateway.Bench.Report.Charts;

/// <summary>Closed-loop throughput against concurrency for one scenario: one line per system.</summary>
internal static class ThroughputChart
{
    /// <summary>Draws the chart, or returns why it cannot (nothing measured at two or more points).</summary>
    public static string? Draw(LoadView view, string scenario, string subtitle, string path)
    {
        var curves = Systems.All
            .Select(system => (system, runs: view.MaxCurve(scenario, system)))
            .Where(c => c.runs.Count > 0)
            .ToList();
        if (curves.Count == 0)
            return $"no closed-loop run was measured in {scenario}";

        var plot = ChartStyle.NewPlot(
            $"Throughput against concurrency: {scenario} (closed loop)",
            subtitle,
            "Concurrent sends in flight (log2 scale)",
            "Messages per second",
            Systems.All.Where(s => curves.All(c => c.system != s)));
        var top = 0.0;
        foreach (var (system, runs) in curves)
        {
            var bases = runs.Select(r => LoadView.ThroughputOf(r).Basis).Distinct(StringComparer.Ordinal).ToList();
            var xs = runs.Select(r => Math.Log2(Math.Max(1, r.Concurrency))).ToArray();
            var ys = runs.Select(r => LoadView.ThroughputOf(r).PerSecond).ToArray();
            var scatter = plot.Add.Scatter(xs, ys, ChartStyle.SystemColor(system));
            scatter.LineWidth = system == Gateway.Bench.Results.SystemUnderTest.Gateway ? 3 : 2;
            scatter.MarkerSize = 10;
            scatter.MarkerShape = ChartStyle.SystemMarker(system);
            scatter.LegendText = $"{Systems.Name(system)} ({string.Join(", ", bases)})";
            top = Math.Max(top, ys.Max());
            if (system == Gateway.Bench.Results.SystemUnderTest.Gateway)
            {
                for (var i = 0; i < xs.Length; i++)
                    ChartStyle.PointLabel(plot, xs[i], ys[i], Format.Rate(ys[i]), ChartStyle.SystemColor(system));
            }
        }

        ChartStyle.Log2ConcurrencyAxis(plot, curves.SelectMany(c => c.runs).Select(r => r.Concurrency));
        plot.Axes.SetLimitsY(0, top <= 0 ? 1 : top * 1.12);
        ChartStyle.LegendBelow(plot);
        ChartStyle.Save(plot, path);
        return null;
    }
}
