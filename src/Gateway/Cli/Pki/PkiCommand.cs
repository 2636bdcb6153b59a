using System.CommandLine;

namespace Gateway.Cli.Pki;

/// <summary>
/// `gateway pki ...`: a development PKI in a directory (default ./pki), so that signing, TLS and
/// revocation can be tried without a real CA. The logic is <see cref="Crypto.Pki.DevPki"/>; see docs/pki.md.
/// </summary>
internal static class PkiCommand
{
    public static Command Create()
    {
        var command = new Command("pki", "A development PKI: root CA, CRL, org signing, gateway and system certificates, revocation.");
        command.Subcommands.Add(PkiInitCommand.Create());
        command.Subcommands.Add(PkiIssueCommands.CreateOrg());
        command.Subcommands.Add(PkiIssueCommands.CreateGateway());
        command.Subcommands.Add(PkiIssueCommands.CreateSystem());
        command.Subcommands.Add(PkiRevokeCommand.Create());
        command.Subcommands.Add(PkiCrlCommand.Create());
        command.Subcommands.Add(PkiServeCrlCommand.Create());
        command.Action = new PkiAction("pki", _ =>
        {
            Console.Error.WriteLine(
                "gateway: pki: name a command: init, issue-org, issue-gateway, issue-system, revoke, crl or serve-crl (see 'gateway pki --help')");
            return ExitCodes.Configuration;
        });
        return command;
    }
}
