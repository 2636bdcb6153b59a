using Gateway.Bench.Results;
using ScottPlot;

namespace Gateway.Bench.Report.Charts;

/// <summary>One look for every chart: size, fonts, a colour per system that never changes between charts.</summary>
internal static class ChartStyle
{
    public const int Width = 1200;
    public const int Height = 675;

    private const string PreferredFont = "DejaVu Sans";

    /// <summary>
    /// A plot with a title, a subtitle (machine, date, load) and, when some systems have no data in this
    /// chart, a line naming them, so an absent line reads as "not measured" rather than as zero.
    /// </summary>
    public static Plot NewPlot(string title, string subtitle, string xLabel, string yLabel, IEnumerable<SystemUnderTest>? missing = null)
    {
        var absent = (missing ?? []).Select(Analysis.Systems.Name).ToList();
        if (absent.Count > 0)
            subtitle = (subtitle.Length > 0 ? subtitle + "\n" : "") + "Not measured in this run: " + string.Join(", ", absent) + " (reasons in docs/benchmarks.md)";
        var plot = new Plot();
        // A sans-serif face when the machine has one; ScottPlot's own fallback otherwise.
        if (Fonts.GetTypeface(PreferredFont, bold: false, italic: false) is not null)
            plot.Font.Set(PreferredFont);
        plot.Title(string.IsNullOrEmpty(subtitle) ? title : $"{title}\n{subtitle}", 20);
        plot.XLabel(xLabel, 16);
        plot.YLabel(yLabel, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 14;
        return plot;
    }

    public static Color SystemColor(SystemUnderTest system) => system switch
    {
        SystemUnderTest.Gateway => Color.FromHex("#1f77b4"),
        SystemUnderTest.Echo => Color.FromHex("#7f7f7f"),
        SystemUnderTest.RabbitMq => Color.FromHex("#ff7f0e"),
        SystemUnderTest.Sqlite => Color.FromHex("#2ca02c"),
        _ => Color.FromHex("#9467bd"),
    };

    public static MarkerShape SystemMarker(SystemUnderTest system) => system switch
    {
        SystemUnderTest.Gateway => MarkerShape.FilledCircle,
        SystemUnderTest.Echo => MarkerShape.FilledSquare,
        SystemUnderTest.RabbitMq => MarkerShape.FilledTriangleUp,
        SystemUnderTest.Sqlite => MarkerShape.FilledDiamond,
        _ => MarkerShape.OpenCircle,
    };

    /// <summary>
    /// A base-2 logarithmic concurrency axis: points sit at log2(concurrency), ticks are labelled with the
    /// concurrencies that were measured, so 1, 2, 4 … 256 are evenly spaced.
    /// </summary>
    public static void Log2ConcurrencyAxis(Plot plot, IEnumerable<int> concurrencies)
    {
        var values = concurrencies.Where(c => c > 0).Distinct().Order().ToList();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var c in values)
            ticks.AddMajor(Math.Log2(c), Format.Integer(c));
        plot.Axes.Bottom.TickGenerator = ticks;
        if (values.Count > 0)
            plot.Axes.SetLimitsX(Math.Log2(values[0]) - 0.4, Math.Log2(values[^1]) + 0.4);
    }

    /// <summary>The legend in a panel under the plot, so it never hides a bar or a point.</summary>
    public static void LegendBelow(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
    }

    /// <summary>A value printed just above a point, in the point's colour.</summary>
    public static void PointLabel(Plot plot, double x, double y, string text, Color color)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = 13;
        label.LabelFontColor = color;
        label.Alignment = Alignment.LowerCenter;
        label.OffsetY = -8;
    }

    public static void Save(Plot plot, string path) => plot.SavePng(path, Width, Height);
}
