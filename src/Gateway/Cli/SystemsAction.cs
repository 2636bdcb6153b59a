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
        if (ParseProblems.Describe(parseResult, commandName) is { } problem)
            return Fail(ExitCodes.Configuration, $"{commandName}: {problem}");
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
        catch (CertificateFileException ex)
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
