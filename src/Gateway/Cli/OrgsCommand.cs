using System.CommandLine;
using Gateway.Registry;
using Gateway.Store;
using Microsoft.Data.Sqlite;

namespace Gateway.Cli;

/// <summary>
/// `gateway orgs import|list|succeed|bind-cert|unbind-cert|bindings`: the registry of organisations. Local admin commands: they work
/// on the store under --data directly, are safe while the daemon runs on it, and the daemon uses the
/// change within <see cref="OrgRegistry.MaxStaleness"/> without a restart. See docs/registry.md.
/// </summary>
internal static class OrgsCommand
{
    public static Command Create()
    {
        var command = new Command("orgs", "Manage the registry of organisations (import, list, succeed, certificate bindings); safe beside a running daemon.");
        command.Subcommands.Add(OrgsImportCommand.Create());
        command.Subcommands.Add(OrgsListCommand.Create());
        command.Subcommands.Add(OrgsSucceedCommand.Create());
        command.Subcommands.Add(OrgsBindCertCommand.CreateBind());
        command.Subcommands.Add(OrgsBindCertCommand.CreateUnbind());
        command.Subcommands.Add(OrgsBindCertCommand.CreateList());
        return command;
    }

    /// <summary>Writes the one error line, <c>gateway: ...</c>, and returns <paramref name="exitCode"/>.</summary>
    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"gateway: {message}");
        return exitCode;
    }

    /// <summary>Refuses words the command does not know (System.CommandLine would exit 1 with its help text).</summary>
    public static bool RejectUnmatched(ParseResult parse, string command, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (parse.UnmatchedTokens.Count == 0)
            return false;
        exitCode = Fail(ExitCodes.Configuration, $"{command}: unexpected '{parse.UnmatchedTokens[0]}' (see gateway {command} --help)");
        return true;
    }

    /// <summary>
    /// Opens the store under <paramref name="dataDirectory"/> (migrating it if needed) and runs
    /// <paramref name="action"/> with its registry. A store that cannot be used exits 3.
    /// </summary>
    public static int WithRegistry(string dataDirectory, Func<OrgRegistry, int> action)
    {
        try
        {
            using var store = LocalStore.Open(dataDirectory);
            using var registry = new OrgRegistry(store, TimeProvider.System);
            return action(registry);
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
}
