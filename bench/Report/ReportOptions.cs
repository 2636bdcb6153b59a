namespace Gateway.Bench.Report;

/// <summary>The command line, resolved to full paths.</summary>
internal sealed record ReportOptions(
    string? LoadFile,
    string? LoadMissing,
    string? MicroDirectory,
    string? MicroCommand,
    string? MicroMissing,
    string? Command,
    DateTimeOffset? RunStartedAt,
    string? Revision,
    string DocFile,
    string ChartsDirectory);
