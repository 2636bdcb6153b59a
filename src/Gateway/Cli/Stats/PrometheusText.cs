using System.Globalization;
using System.Text;

namespace Gateway.Cli.Stats;

/// <summary>One sample line of the Prometheus text exposition: a metric name, its labels and its value.</summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4), as the gateway's /metrics serves it:
/// comments and blank lines are skipped, label values unescaped, NaN and ±Inf understood. A line that
/// does not parse is an error naming its number: `gateway stats` reads only what a gateway serves.
/// </summary>
internal static class PrometheusText
{
    public static List<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
                continue;
            samples.Add(ParseLine(line) ?? throw new FormatException($"line {number} is not a Prometheus sample: {Shorten(line)}"));
        }

        return samples;
    }

    private static MetricSample? ParseLine(string line)
    {
        var position = 0;
        while (position < line.Length && IsNameChar(line[position], position == 0))
            position++;
        if (position == 0)
            return null;
        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{' && !ReadLabels(line, ref position, labels))
            return null;

        var rest = line[position..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2 || !TryValue(rest[0], out var value))
            return null;
        return new MetricSample(name, labels, value);
    }

    private static bool ReadLabels(string line, ref int position, Dictionary<string, string> labels)
    {
        position++; // '{'
        while (position < line.Length && line[position] != '}')
        {
            var start = position;
            while (position < line.Length && IsNameChar(line[position], position == start))
                position++;
            if (position == start || position + 1 >= line.Length || line[position] != '=' || line[position + 1] != '"')
                return false;
            var label = line[start..position];
            position += 2;
            var value = new StringBuilder();
            while (position < line.Length && line[position] != '"')
            {
                if (line[position] == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] switch { 'n' => '\n', var c => c });
                }
                else
                {
                    value.Append(line[position]);
                }

                position++;
            }

            if (position >= line.Length)
                return false;
            position++; // closing quote
            labels[label] = value.ToString();
            if (position < line.Length && line[position] == ',')
                position++;
        }

        if (position >= line.Length)
            return false;
        position++; // '}'
        return true;
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
