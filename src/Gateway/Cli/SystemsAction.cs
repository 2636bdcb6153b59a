using System.CommandLine;
using System.CommandLine.Invocation;
using Gateway.Store;
using Gateway.Systems;
using Microsoft.Data.Sqlite;

namespace Gateway.Cli;

/// <summary>
/// The action behind each `gateway systems` command: it reports a command-line mistake as one line
/// `gateway: systems ...: why` with exit code 2 (System.CommandLine's own handler would print a block
/// and exit 1), a refused request the same way, and a store that cannot be used with exit code 3.
/// </summary>
internal sealed class SystemsAction(string commandName, Func<ParseResult, int> run) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        // Errors of other symbols (unmatched words are the root's) are cleared for this action, so
        // collect both here.
        var problems = parseResult.Errors.Select(e => e.Message.TrimEnd('.'))
            .Concat(parseResult.UnmatchedTokens.Select(t => $"unexpected '{t}'"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (problems.Count > 0)
            return Fail(ExitCodes.Configuration, $"{commandName}: {string.Join("; ", problems)} (see 'gateway {commandName} --help')");
        try
        {
            return run(parseResult);
        }
        catch (SystemsException ex)
        {
            return Fail(ExitCodes.Configuration, $"{commandName}: {ex.Message}");
        }
        catch (FileNotFoundException ex)
        {
            return Fail(ExitCodes.Configuration, $"{commandName}: {ex.Message}");
        }
        catch (StoreException ex)
        {
            return Fail(ExitCodes.Store, $"store error: {ex.Message}");
        }
        catch (SqliteException ex)
        {
            return Fail(ExitCodes.Store, $"store error: {ex.Message}");
        }
    }

    public static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"gateway: {message}");
        return code;
    }
}
