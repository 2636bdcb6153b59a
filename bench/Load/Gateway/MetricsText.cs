using System.Globalization;

namespace Gateway.Load.Gateway;

/// <summary>
/// Reads the gateway's /metrics (Prometheus text format, docs/metrics.md): the sum of a metric's
/// series whose labels contain every given <c>name="value"</c> pair.
/// </summary>
internal static class MetricsText
{
    public static async Task<string> ScrapeAsync(Uri metrics, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetStringAsync(metrics, cancellationToken);
    }

    public static double Sum(string exposition, string metric, params string[] labels)
    {
        double total = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal) && !line.StartsWith(metric + " ", StringComparison.Ordinal))
                continue;
            if (!labels.All(label => line.Contains(label, StringComparison.Ordinal)))
                continue;
            total += double.Parse(line.AsSpan(line.LastIndexOf(' ') + 1), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return total;
    }
}
