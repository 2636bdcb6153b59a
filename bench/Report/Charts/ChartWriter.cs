using System.Text;
using Gateway.Bench.Report.Analysis;

namespace Gateway.Bench.Report.Charts;

/// <summary>A chart the report links: its file (relative to the charts directory) and what it shows.</summary>
internal sealed record ChartFile(string FileName, string Title);

/// <summary>A chart that was not drawn, and why (shown in the document instead of a stale image).</summary>
internal sealed record ChartSkipped(string Title, string Reason);

internal sealed record ChartSet(IReadOnlyList<ChartFile> Drawn, IReadOnlyList<ChartSkipped> Skipped);

/// <summary>
/// Draws every chart into one directory. The directory's charts belong to this tool: the ones it owns
/// are deleted first, so a chart that cannot be drawn this time never survives from an earlier run.
/// </summary>
internal static class ChartWriter
{
    public const string Throughput = "throughput-vs-concurrency";
    public const string Latency = "latency-percentiles.png";
    public const string Ratios = "gateway-ratios.png";

    public static ChartSet Write(LoadView? view, IReadOnlyList<PeerComparison> comparisons, string directory, string subtitle, string? notMeasured)
    {
        Directory.CreateDirectory(directory);
        foreach (var old in Directory.EnumerateFiles(directory, "*.png").Where(IsOwned).Order(StringComparer.Ordinal))
            File.Delete(old);

        var drawn = new List<ChartFile>();
        var skipped = new List<ChartSkipped>();
        const string ThroughputTitle = "Throughput against concurrency";
        const string LatencyTitle = "Latency percentiles at max and at partial load";
        const string RatioTitle = "Gateway ÷ peers at matching concurrency";
        if (view?.MainScenario is not { } main)
        {
            var reason = notMeasured ?? "no load run was measured";
            skipped.Add(new(ThroughputTitle, reason));
            skipped.Add(new(LatencyTitle, reason));
            skipped.Add(new(RatioTitle, reason));
            return new(drawn, skipped);
        }

        void Chart(string title, string fileName, Func<string, string?> draw)
        {
            if (draw(Path.Combine(directory, fileName)) is { } why)
                skipped.Add(new(title, why));
            else
                drawn.Add(new(fileName, title));
        }

        Chart($"{ThroughputTitle} ({main})", Throughput + ".png", path => ThroughputChart.Draw(view, main, subtitle, path));
        Chart($"{LatencyTitle} ({main})", Latency, path => LatencyChart.Draw(view, main, subtitle, path));
        Chart($"{RatioTitle} ({main})", Ratios, path => RatioChart.Draw(comparisons, main, subtitle, path));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in view.Scenarios.Where(s => s != main))
        {
            // Further scenarios get a throughput chart when they swept concurrency; single points are in the tables.
            if (!Systems.All.Any(s => view.MaxCurve(scenario, s).Count >= 2))
                continue;
            var name = $"{Throughput}-{Slug(scenario)}";
            for (var n = 2; !names.Add(name); n++)
                name = $"{Throughput}-{Slug(scenario)}-{Format.Integer(n)}";
            Chart($"{ThroughputTitle} ({scenario})", name + ".png", path => ThroughputChart.Draw(view, scenario, subtitle, path));
        }

        return new(drawn, skipped);
    }

    private static bool IsOwned(string path)
    {
        var name = Path.GetFileName(path);
        return name is Latency or Ratios || name.StartsWith(Throughput, StringComparison.Ordinal);
    }

    /// <summary>A file-name-safe form of a scenario name: lower-case letters, digits and dashes.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "scenario" : text;
    }
}
