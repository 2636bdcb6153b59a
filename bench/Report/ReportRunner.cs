using Gateway.Bench.Report.Analysis;
using Gateway.Bench.Report.Charts;
using Gateway.Bench.Report.Inputs;
using Gateway.Bench.Report.Markdown;
using Gateway.Bench.Results;

namespace Gateway.Bench.Report;

/// <summary>Reads the inputs, draws the charts, rewrites the document's section, prints a summary.</summary>
internal static class ReportRunner
{
    public static int Run(ReportOptions options, TextWriter output)
    {
        LoadResults? load = null;
        if (options.LoadFile is { } loadFile)
        {
            if (!File.Exists(loadFile))
                throw new IOException($"--load {loadFile}: no such file");
            if (IsSample(loadFile) && IsRepositoryDocs(options))
                throw new InvalidDataException(
                    $"--load {loadFile} is a sample of invented numbers: they never go into the repository's docs; pass --doc and --charts somewhere else (e.g. under /tmp)");
            try
            {
                load = ResultsJson.Read(loadFile);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new InvalidDataException($"--load {loadFile}: not a load results file: {e.Message}", e);
            }
        }

        MicroReports? micro = null;
        if (options.MicroDirectory is { } microDirectory)
        {
            if (!Directory.Exists(microDirectory))
                throw new IOException($"--micro {microDirectory}: no such directory");
            micro = MicroReportReader.Read(microDirectory);
        }

        var view = load is null ? null : new LoadView(load);
        var comparisons = view is null ? [] : Comparisons.Build(view);
        var loadMissing = load is null ? options.LoadMissing ?? "no load results were given to the report (--load)" : null;
        var chartSet = ChartWriter.Write(view, comparisons, options.ChartsDirectory, Subtitle(load, options), loadMissing);

        var docDirectory = Path.GetDirectoryName(options.DocFile)!;
        var input = new ReportInput
        {
            Command = options.Command,
            RunStartedAt = options.RunStartedAt,
            Revision = options.Revision,
            Load = load,
            LoadView = view,
            Comparisons = comparisons,
            LoadMissing = loadMissing,
            Micro = micro,
            MicroCommand = options.MicroCommand,
            MicroMissing = micro is null ? options.MicroMissing ?? "no BenchmarkDotNet reports were given to the report (--micro)" : null,
            Charts = chartSet,
            ChartLinkPrefix = Path.GetRelativePath(docDirectory, options.ChartsDirectory).Replace('\\', '/') is var p && p == "." ? "" : p,
            LocalMemoryGiB = LocalMachine.MemoryGiB(),
        };
        var section = SectionWriter.Write(input);
        var document = File.Exists(options.DocFile) ? File.ReadAllText(options.DocFile) : "# Benchmarks\n";
        var updated = DocSection.Splice(document, section);
        Directory.CreateDirectory(docDirectory);
        var temporary = options.DocFile + ".tmp";
        File.WriteAllText(temporary, updated);
        File.Move(temporary, options.DocFile, overwrite: true);

        output.WriteLine($"Rewrote the generated section of {options.DocFile}");
        foreach (var chart in chartSet.Drawn)
            output.WriteLine($"Chart: {Path.Combine(options.ChartsDirectory, chart.FileName)}");
        foreach (var skipped in chartSet.Skipped)
            output.WriteLine($"Chart not drawn: {skipped.Title}: {skipped.Reason}");
        TargetsSummary.Print(load, loadMissing, output);
        return 0;
    }

    /// <summary>bench/Report/samples/ holds invented results for developing the report.</summary>
    private static bool IsSample(string loadFile) =>
        Path.GetFileName(loadFile).StartsWith("sample", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(loadFile))) == "samples";

    private static bool IsRepositoryDocs(ReportOptions options) =>
        Path.GetFileName(Path.GetDirectoryName(options.DocFile)) == "docs"
        || Path.GetFileName(Path.GetDirectoryName(options.ChartsDirectory)) == "docs";

    private static string Subtitle(LoadResults? load, ReportOptions options)
    {
        var parts = new List<string>();
        if (load?.Machine is { } m)
        {
            parts.Add($"{m.Cpu}, {Format.Integer(m.Cores)} cores");
            parts.Add(Format.Utc(options.RunStartedAt ?? m.StartedAt));
            parts.Add($"load average {Format.Number(m.LoadAverageBefore, "F1")} → {Format.Number(m.LoadAverageAfter, "F1")}");
        }

        if (load?.Quick == true)
            parts.Add("QUICK RUN");
        return string.Join(" · ", parts);
    }
}
