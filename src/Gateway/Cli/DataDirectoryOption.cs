using System.CommandLine;

namespace Gateway.Cli;

/// <summary>
/// `--data DIR` for the local admin commands: the data directory of the gateway to administer. They
/// work on the store directly, beside a running daemon, and take effect without a restart.
/// </summary>
internal static class DataDirectoryOption
{
    public static Option<string> Create() => new("--data")
    {
        Description = "Data directory of the gateway (default ./data).",
        DefaultValueFactory = _ => "./data",
    };
}
