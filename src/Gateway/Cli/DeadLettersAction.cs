using System.CommandLine;
using System.CommandLine.Invocation;
using Gateway.DeadLetters;
using Gateway.Protocol.Organizations;
using Gateway.Store;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.Cli;

/// <summary>
/// The action behind each `gateway dead-letters` command: a command-line mistake or a refused request
/// is one line `gateway: dead-letters …: why` with exit code 2, a store that cannot be used exit code 3.
/// </summary>
internal sealed class DeadLettersAction(string commandName, Func<ParseResult, int> run) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        if (ParseProblems.Describe(parseResult, commandName) is { } problem)
            return Fail(problem);
        try
        {
            return run(parseResult);
        }
        catch (DeadLetterException ex)
        {
            return Fail(ex.Message);
        }
        catch (FileNotFoundException ex)
        {
            return Fail(ex.Message);
        }
        catch (StoreException ex)
        {
            return SystemsAction.Fail(ExitCodes.Store, $"store error: {ex.Message}");
        }
        catch (SqliteException ex)
        {
            return SystemsAction.Fail(ExitCodes.Store, $"store error: {ex.Message}");
        }
    }

    /// <summary>One line naming this command, exit code 2.</summary>
    public int Fail(string message) => SystemsAction.Fail(ExitCodes.Configuration, $"{commandName}: {message}");

    /// <summary>
    /// The dead letters of the gateway under <paramref name="dataDirectory"/>: a mistyped --data must not
    /// silently create an empty store.
    /// </summary>
    public static (SqliteStore Store, DeadLetterStore DeadLetters) Open(string dataDirectory)
    {
        var database = Path.Combine(Path.GetFullPath(dataDirectory), SqliteStore.DatabaseFileName);
        if (!File.Exists(database))
            throw new FileNotFoundException($"no gateway store at '{database}': pass --data DIR of the gateway's data directory", database);
        var store = LocalStore.Open(dataDirectory);
        return (store, new DeadLetterStore(store, TimeProvider.System));
    }

    /// <summary>Checks the form of a --recipient code; null when it is a code.</summary>
    public static string? CheckCode(string code) =>
        OrgCode.TryParse(code, OrgCodeForms.Tolerant, out _, out var error) ? null : $"--recipient: {error}";
}
