using System.CommandLine;
using System.Globalization;

namespace Gateway.Bench.Report;

/// <summary>
/// <c>gateway-bench-report</c>: turns one run's load results (bench/Load's JSON) and BenchmarkDotNet's
/// JSON reports into the generated section of docs/benchmarks.md and the charts beside it.
/// bench/run.sh calls it last; it can be run by hand on kept results (bench/README.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var load = new Option<FileInfo?>("--load")
        {
            HelpName = "FILE",
            Description = "Load results written by bench/Load (gateway-load run --out FILE).",
        };
        var loadMissing = new Option<string?>("--load-missing")
        {
            HelpName = "REASON",
            Description = "Without --load: why there are no load results, shown as 'not measured in this run (REASON)'.",
        };
        var micro = new Option<DirectoryInfo?>("--micro")
        {
            HelpName = "DIR",
            Description = "A directory of BenchmarkDotNet JSON reports (--exporters json), searched recursively.",
        };
        var microCommand = new Option<string?>("--micro-command")
        {
            HelpName = "COMMAND",
            Description = "The command that ran the micro-benchmarks, recorded as typed.",
        };
        var microMissing = new Option<string?>("--micro-missing")
        {
            HelpName = "REASON",
            Description = "Without --micro: why there are no micro-benchmark results.",
        };
        var command = new Option<string?>("--command")
        {
            HelpName = "COMMAND",
            Description = "The command that produced the whole run (e.g. 'bash bench/run.sh --quick').",
        };
        var runStarted = new Option<string?>("--run-started")
        {
            HelpName = "TIME",
            Description = "When the whole run started (ISO 8601); defaults to the load results' start.",
        };
        var revision = new Option<string?>("--revision")
        {
            HelpName = "TEXT",
            Description = "The source revision measured (e.g. the output of git describe --always --dirty).",
        };
        var doc = new Option<FileInfo>("--doc")
        {
            HelpName = "FILE",
            Description = "The Markdown document whose generated section is rewritten.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("docs", "benchmarks.md")),
        };
        var charts = new Option<DirectoryInfo>("--charts")
        {
            HelpName = "DIR",
            Description = "Where the chart PNGs go; the charts this tool owns there are replaced.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("docs", "bench")),
        };
        var root = new RootCommand(
            "Rewrite the generated section of docs/benchmarks.md (between <!-- bench:begin --> and <!-- bench:end -->) and draw the charts from one benchmark run.")
        {
            load, loadMissing, micro, microCommand, microMissing, command, runStarted, revision, doc, charts,
        };
        root.SetAction(parse =>
        {
            DateTimeOffset? started = null;
            if (parse.GetValue(runStarted) is { Length: > 0 } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    Console.Error.WriteLine($"gateway-bench-report: --run-started: '{text}' is not an ISO 8601 time");
                    return 2;
                }

                started = parsed;
            }

            var options = new ReportOptions(
                parse.GetValue(load)?.FullName,
                parse.GetValue(loadMissing),
                parse.GetValue(micro)?.FullName,
                parse.GetValue(microCommand),
                parse.GetValue(microMissing),
                parse.GetValue(command),
                started,
                parse.GetValue(revision),
                parse.GetValue(doc)!.FullName,
                parse.GetValue(charts)!.FullName);
            try
            {
                return ReportRunner.Run(options, Console.Out);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"gateway-bench-report: {e.Message}");
                return 1;
            }
        });
        return root.Parse(args).Invoke();
    }
}
