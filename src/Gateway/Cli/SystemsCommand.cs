using System.CommandLine;
using Gateway.Store.Sqlite;
using Gateway.Systems;

namespace Gateway.Cli;

/// <summary>
/// `gateway systems add|list|revoke|bind-cert|unbind-cert`: connected systems, their bearer tokens and
/// client certificates, administered on the store of a data directory. Safe beside a running daemon,
/// which sees a new system or binding at once and a revocation or unbinding within
/// <see cref="SystemRegistry.CacheBound"/>.
/// </summary>
internal static class SystemsCommand
{
    public static Command Create()
    {
        var command = new Command("systems", "Connected systems (agencies' document systems) and their bearer tokens.");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        command.Subcommands.Add(SystemsCertCommands.CreateBind());
        command.Subcommands.Add(SystemsCertCommands.CreateUnbind());
        command.Action = new SystemsAction("systems", _ =>
            SystemsAction.Fail(ExitCodes.Configuration, "systems: name a command: add, list, revoke, bind-cert or unbind-cert (see 'gateway systems --help')"));
        return command;
    }

    private static Command CreateAdd()
    {
        var name = new Option<string>("--name")
        {
            Description = $"Name of the system: 1-{SystemRegistry.MaxNameLength} characters A-Z a-z 0-9 . _ -, unique.",
            Required = true,
        };
        var orgs = new Option<string[]>("--org")
        {
            Description = "An organisation code it may send as and receive for; repeat for several. Must be in the registry.",
            Required = true,
        };
        var cert = new Option<string?>("--cert")
        {
            HelpName = "CLIENT.pem",
            Description = "Also bind this TLS client certificate (PEM or DER) to the system, which may then authenticate with it instead of the token.",
        };
        var json = new Option<bool>("--json") { Description = "Print {\"name\", \"token\", \"orgs\"} (and \"certificate\") as JSON." };
        var data = DataDirectoryOption.Create();
        var command = new Command("add", "Register a system and print its bearer token, once.") { name, orgs, cert, json, data };
        command.Action = new SystemsAction("systems add", parse =>
        {
            using var certificate = parse.GetValue(cert) is { } file ? CertificateFile.Load(file) : null;
            using var store = OpenExisting(parse.GetValue(data)!);
            var (system, token, bound) = new SystemRegistry(store, TimeProvider.System).Add(parse.GetValue(name)!, parse.GetValue(orgs) ?? [], certificate);
            if (parse.GetValue(json))
                SystemsOutput.WriteAddedJson(Console.Out, system, token, bound);
            else
                SystemsOutput.WriteAdded(Console.Out, system, token, bound);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {name, orgs, createdAt, revokedAt, certificates}." };
        var data = DataDirectoryOption.Create();
        var command = new Command("list", "List connected systems, revoked ones included (never tokens).") { json, data };
        command.Action = new SystemsAction("systems list", parse =>
        {
            using var store = OpenExisting(parse.GetValue(data)!);
            var registry = new SystemRegistry(store, TimeProvider.System);
            var systems = registry.List();
            var certificates = registry.Certificates().ToLookup(c => c.SystemName, StringComparer.Ordinal);
            if (parse.GetValue(json))
                SystemsOutput.WriteListJson(Console.Out, systems, certificates);
            else
                SystemsOutput.WriteList(Console.Out, systems, certificates);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRevoke()
    {
        var name = new Argument<string>("NAME") { Description = "The system whose token to revoke." };
        var data = DataDirectoryOption.Create();
        var command = new Command("revoke", "Revoke a system's token; a running gateway refuses it within seconds.") { name, data };
        command.Action = new SystemsAction("systems revoke", parse =>
        {
            using var store = OpenExisting(parse.GetValue(data)!);
            var (system, wasAlreadyRevoked) = new SystemRegistry(store, TimeProvider.System).Revoke(parse.GetValue(name)!);
            SystemsOutput.WriteRevoked(Console.Out, system, wasAlreadyRevoked);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The store of an existing gateway: a mistyped --data must not silently create an empty one.
    /// </summary>
    internal static SqliteStore OpenExisting(string dataDirectory)
    {
        var database = Path.Combine(Path.GetFullPath(dataDirectory), SqliteStore.DatabaseFileName);
        if (!File.Exists(database))
        {
            throw new FileNotFoundException(
                $"no gateway store at '{database}': pass --data DIR of a gateway that has run or has organisations imported", database);
        }

        return LocalStore.Open(dataDirectory);
    }
}
