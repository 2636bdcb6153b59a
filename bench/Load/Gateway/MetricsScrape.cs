using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.Load.Gateway;

/// <summary>
/// Reads the gateway's Prometheus endpoint (docs/metrics.md): every sample line, by metric name and
/// labels: stage histograms, the queue-depth gauge, runtime GC counters. Scenarios read it before and
/// after what they time, never during it.
/// </summary>
internal sealed partial class MetricsScrape(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<MetricsSample> ReadAsync(CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync(endpoint, cancellationToken);
        var samples = new List<(string Name, Dictionary<string, string> Labels, double Value)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var space = line.LastIndexOf(' ');
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            if (space <= 0 || !double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            var name = brace > 0 && brace < space ? line[..brace] : line[..space];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace > 0 && brace < space)
            {
                foreach (Match match in Label().Matches(line[brace..space]))
                    labels[match.Groups[1].Value] = match.Groups[2].Value;
            }

            samples.Add((name, labels, value));
        }

        return new MetricsSample(samples);
    }

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();

    public void Dispose() => _http.Dispose();
}

/// <summary>One scrape.</summary>
internal sealed class MetricsSample(List<(string Name, Dictionary<string, string> Labels, double Value)> samples)
{
    /// <summary>The sum of every series of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);
}
