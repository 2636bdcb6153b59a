using Gateway.Bench.Report.Analysis;
using ScottPlot;

namespace Gateway.Bench.Report.Charts;

/// <summary>The gateway's throughput as a multiple of each peer's, at matching concurrency, from one run.</summary>
internal static class RatioChart
{
    public static string? Draw(IReadOnlyList<PeerComparison> comparisons, string scenario, string subtitle, string path)
    {
        var lines = Systems.Peers
            .Select(peer => (peer, points: comparisons
                .Where(c => c.Scenario == scenario && c.Peer == peer && c.Ratio is not null)
                .OrderBy(c => c.Concurrency)
                .ToList()))
            .Where(l => l.points.Count > 0)
            .ToList();
        if (lines.Count == 0)
            return $"no peer was measured at a concurrency the gateway ran in {scenario}";

        var plot = ChartStyle.NewPlot(
            $"Gateway throughput ÷ peer throughput: {scenario} (same run, same concurrency)",
            subtitle,
            "Concurrent sends in flight (log2 scale)",
            "Gateway ÷ peer (1 = as fast as the peer)",
            Systems.Peers.Where(p => lines.All(l => l.peer != p)));
        var parity = plot.Add.HorizontalLine(1, 2, Colors.Black, LinePattern.Dashed);
        parity.LegendText = "parity";
        var top = 1.0;
        foreach (var (peer, points) in lines)
        {
            var xs = points.Select(p => Math.Log2(Math.Max(1, p.Concurrency))).ToArray();
            var ys = points.Select(p => p.Ratio!.Value).ToArray();
            var scatter = plot.Add.Scatter(xs, ys, ChartStyle.SystemColor(peer));
            scatter.LineWidth = 2;
            scatter.MarkerSize = 10;
            scatter.MarkerShape = ChartStyle.SystemMarker(peer);
            var bases = points.Select(p => p.Basis).Distinct(StringComparer.Ordinal);
            scatter.LegendText = $"Gateway ÷ {Systems.Name(peer)}, {Systems.Role(peer)} ({string.Join(", ", bases)})";
            top = Math.Max(top, ys.Max());
            for (var i = 0; i < xs.Length; i++)
                ChartStyle.PointLabel(plot, xs[i], ys[i], Format.Ratio(ys[i]), ChartStyle.SystemColor(peer));
        }

        ChartStyle.Log2ConcurrencyAxis(plot, lines.SelectMany(l => l.points).Select(p => p.Concurrency));
        plot.Axes.SetLimitsY(0, top * 1.15);
        ChartStyle.LegendBelow(plot);
        ChartStyle.Save(plot, path);
        return null;
    }
}
