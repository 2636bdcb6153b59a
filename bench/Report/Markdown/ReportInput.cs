using Gateway.Bench.Report.Analysis;
using Gateway.Bench.Report.Charts;
using Gateway.Bench.Report.Inputs;
using Gateway.Bench.Results;

namespace Gateway.Bench.Report.Markdown;

/// <summary>Everything one generated section is made from. A null part comes with the reason it is missing.</summary>
internal sealed record ReportInput
{
    /// <summary>The command that produced the whole run, e.g. <c>bash bench/run.sh --quick</c>.</summary>
    public string? Command { get; init; }

    public DateTimeOffset? RunStartedAt { get; init; }

    /// <summary>The source revision that was measured, e.g. <c>b0daa18-dirty</c>.</summary>
    public string? Revision { get; init; }

    public LoadResults? Load { get; init; }
    public LoadView? LoadView { get; init; }
    public IReadOnlyList<PeerComparison> Comparisons { get; init; } = [];
    public string? LoadMissing { get; init; }

    public MicroReports? Micro { get; init; }
    public string? MicroCommand { get; init; }
    public string? MicroMissing { get; init; }

    public ChartSet Charts { get; init; } = new([], []);

    /// <summary>The charts directory relative to the document's, with forward slashes (e.g. <c>bench</c>).</summary>
    public string ChartLinkPrefix { get; init; } = "";

    /// <summary>Memory of the machine the report runs on, for the machine line when no load results exist.</summary>
    public double? LocalMemoryGiB { get; init; }
}
