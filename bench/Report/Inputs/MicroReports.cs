using System.Globalization;
using System.Text.Json;

namespace Gateway.Bench.Report.Inputs;

/// <summary>One benchmark of one BenchmarkDotNet report: what the micro-benchmark tables show.</summary>
internal sealed record MicroBenchmark(
    string Namespace,
    string Type,
    string Method,
    string Title,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    string Job,
    double? MeanNs,
    double? StdDevNs,
    double? AllocatedBytes,
    double? Ratio)
{
    public string ParameterText => string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>The host BenchmarkDotNet reported, for the machine line when no load results exist.</summary>
internal sealed record MicroHost(string BenchmarkDotNet, string Os, string Processor, int LogicalCores, string Runtime, string Sdk);

internal sealed record MicroReports(IReadOnlyList<MicroBenchmark> Benchmarks, MicroHost? Host, IReadOnlyList<string> Files);

/// <summary>
/// Reads BenchmarkDotNet's JSON reports (<c>--exporters json</c> writes <c>*-report-full-compressed.json</c>
/// into <c>results/</c>). The JSON has no baseline, so the Ratio column is taken from the CSV report
/// BenchmarkDotNet writes next to it (<c>*-report.csv</c>, a default exporter), matched by type, method
/// and parameters; without a CSV the ratio is left empty rather than guessed.
/// </summary>
internal static class MicroReportReader
{
    public static MicroReports Read(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains("-report", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var benchmarks = new List<MicroBenchmark>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        MicroHost? host = null;
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            host ??= ReadHost(root);
            var csv = ReadCsvNextTo(file);
            if (!root.TryGetProperty("Benchmarks", out var list) || list.ValueKind != JsonValueKind.Array)
                continue;
            foreach (var element in list.EnumerateArray())
            {
                var benchmark = ReadBenchmark(element, csv);
                if (seen.Add(String(element, "FullName") + "|" + benchmark.ParameterText))
                    benchmarks.Add(benchmark);
            }
        }

        return new(benchmarks, host, files);
    }

    private static MicroBenchmark ReadBenchmark(JsonElement element, CsvTable? csv)
    {
        // A benchmark that failed has no statistics (BenchmarkDotNet's log says why): a row without numbers.
        var statistics = element.TryGetProperty("Statistics", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var mean = statistics.ValueKind == JsonValueKind.Object ? Number(statistics, "Mean") : null;
        var type = String(element, "Type");
        var methodTitle = String(element, "MethodTitle");
        var parameters = ParseParameters(String(element, "Parameters"));
        double? allocated = element.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
            ? Number(memory, "BytesAllocatedPerOperation")
            : null;
        var display = String(element, "DisplayInfo");
        // "Type.'Title': Short(IterationCount=8, …) [Key=EcdsaP256]": the job, without the parameters.
        var job = display.LastIndexOf(": ", StringComparison.Ordinal) is var at and >= 0 ? display[(at + 2)..] : "";
        if (job.EndsWith(']') && job.LastIndexOf(" [", StringComparison.Ordinal) is var bracket and >= 0)
            job = job[..bracket];
        return new(
            String(element, "Namespace"),
            type,
            String(element, "Method"),
            Unquote(methodTitle),
            parameters,
            job,
            mean,
            statistics.ValueKind == JsonValueKind.Object ? Number(statistics, "StandardDeviation") : null,
            allocated,
            csv?.Ratio(type, methodTitle, parameters));
    }

    private static MicroHost? ReadHost(JsonElement root)
    {
        if (!root.TryGetProperty("HostEnvironmentInfo", out var host) || host.ValueKind != JsonValueKind.Object)
            return null;
        var cores = host.TryGetProperty("LogicalCoreCount", out var c) && c.TryGetInt32(out var n) ? n : 0;
        return new(
            $"{String(host, "BenchmarkDotNetCaption")} {String(host, "BenchmarkDotNetVersion")}".Trim(),
            String(host, "OsVersion"),
            String(host, "ProcessorName"),
            cores,
            String(host, "RuntimeVersion"),
            String(host, "DotNetCliVersion"));
    }

    /// <summary>"KeyKind=EcdsaP256&amp;Size=4096" into ordered pairs.</summary>
    private static List<KeyValuePair<string, string>> ParseParameters(string text) =>
        [.. text.Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p.Length > 1 ? p[1] : ""))];

    private static string Unquote(string title) =>
        title.Length >= 2 && title[0] == '\'' && title[^1] == '\'' ? title[1..^1] : title;

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
            ? d
            : null;

    private static CsvTable? ReadCsvNextTo(string jsonFile)
    {
        var name = Path.GetFileName(jsonFile);
        var at = name.LastIndexOf("-report", StringComparison.Ordinal);
        var csv = Path.Combine(Path.GetDirectoryName(jsonFile)!, name[..at] + "-report.csv");
        return File.Exists(csv) ? CsvTable.Parse(File.ReadAllText(csv)) : null;
    }

    /// <summary>BenchmarkDotNet's CSV summary: a header row, then one row per benchmark.</summary>
    private sealed class CsvTable
    {
        private readonly List<string> _header;
        private readonly List<List<string>> _rows;

        private CsvTable(List<string> header, List<List<string>> rows)
        {
            _header = header;
            _rows = rows;
        }

        public static CsvTable? Parse(string text)
        {
            var records = CsvRecords(text);
            return records.Count == 0 ? null : new(records[0], records.Skip(1).ToList());
        }

        /// <summary>The Ratio of the one row that matches; null when there is none, or more than one.</summary>
        public double? Ratio(string type, string methodTitle, IReadOnlyList<KeyValuePair<string, string>> parameters)
        {
            var ratio = _header.IndexOf("Ratio");
            var method = _header.IndexOf("Method");
            if (ratio < 0 || method < 0)
                return null;
            var typeColumn = _header.IndexOf("Type");
            var matches = _rows.Where(row =>
                    Cell(row, method) == methodTitle
                    && (typeColumn < 0 || Cell(row, typeColumn) == type)
                    && parameters.All(p => _header.IndexOf(p.Key) is var i && i >= 0 && Cell(row, i) == p.Value))
                .ToList();
            return matches.Count == 1
                   && double.TryParse(Cell(matches[0], ratio), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }

        private static string Cell(List<string> row, int index) => index < row.Count ? row[index] : "";

        private static List<List<string>> CsvRecords(string text)
        {
            var records = new List<List<string>>();
            var record = new List<string>();
            var field = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c != '"')
                        field.Append(c);
                    else if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                        quoted = false;
                }
                else if (c == '"')
                    quoted = true;
                else if (c == ',')
                {
                    record.Add(field.ToString());
                    field.Clear();
                }
                else if (c is '\n' or '\r')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                        i++;
                    record.Add(field.ToString());
                    field.Clear();
                    if (record.Count > 1 || record[0].Length > 0)
                        records.Add(record);
                    record = [];
                }
                else
                    field.Append(c);
            }

            if (field.Length > 0 || record.Count > 0)
            {
                record.Add(field.ToString());
                records.Add(record);
            }

            return records;
        }
    }
}
