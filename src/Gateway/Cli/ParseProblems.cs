using System.CommandLine;

namespace Gateway.Cli;

/// <summary>
/// What is wrong with a command line, as one sentence. Actions that clear System.CommandLine's own
/// error handling (so that every mistake is one line and exit code 2) ask this first; unmatched words
/// belong to the root command, so they are collected here too.
/// </summary>
internal static class ParseProblems
{
    /// <summary>Null when the command line is fine.</summary>
    public static string? Describe(ParseResult parseResult, string commandName)
    {
        var problems = parseResult.Errors.Select(e => e.Message.TrimEnd('.'))
            .Concat(parseResult.UnmatchedTokens.Select(t => $"unexpected '{t}'"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return problems.Count == 0 ? null : $"{string.Join("; ", problems)} (see 'gateway {commandName} --help')";
    }
}
