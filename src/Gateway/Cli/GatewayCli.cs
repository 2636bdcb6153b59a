using System.CommandLine;

namespace Gateway.Cli;

/// <summary>The `gateway` command line. With no command it runs the daemon.</summary>
internal static class GatewayCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Document interchange gateway for the national document interconnection axis.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SystemsCommand.Create());
        root.Subcommands.Add(OrgsCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(DeadLettersCommand.Create());
        root.Subcommands.Add(Client.SendCommand.Create());
        root.Subcommands.Add(Client.ReceiveCommand.Create());
        root.Subcommands.Add(Client.StatusCommand.Create());
        root.Subcommands.Add(Client.TraceCommand.Create());
        root.Subcommands.Add(Pki.PkiCommand.Create());
        root.Subcommands.Add(Receipts.VerifyReceiptCommand.Create());
        root.Subcommands.Add(Stats.StatsCommand.Create());
        root.SetAction((parse, _) => RunCommand.RunAsync(parse.UnmatchedTokens));
        return root;
    }

    public static Task<int> InvokeAsync(string[] args)
    {
        // Response files (@file) would swallow settings that start with '@'.
        var parse = Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // The host handles SIGTERM and Ctrl+C itself and drains gracefully; System.CommandLine's own
        // handler would end the process after a fixed timeout instead.
        return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
