using System.CommandLine;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>`gateway pki issue-org|issue-gateway|issue-system`: a key pair and a certificate under the root.</summary>
internal static class PkiIssueCommands
{
    private const string DaysNote = ", never beyond the root's";
    private const string SigningPurpose = "signing";
    private const string EncryptionPurpose = "encryption";

    public static Command CreateOrg()
    {
        var code = new Argument<string>("CODE") { Description = "The organisation code it is for, e.g. 000.00.00.G22 (standard form)." };
        var name = PkiOptions.Name("Common name of the subject (default the code).");
        var purpose = new Option<string?>("--purpose")
        {
            HelpName = $"{SigningPurpose}|{EncryptionPurpose}",
            Description = "signing (default): signs documents for the code, orgs/CODE.pem. encryption: senders encrypt payloads to it " +
                "(keyAgreement for EC, keyEncipherment for RSA), orgs/CODE.encryption.pem.",
        };
        return Build("issue-org", "Issue a document-signing certificate (digitalSignature, nonRepudiation), or with --purpose encryption " +
            "a payload-encryption certificate, for an organisation code.",
            [code, name, purpose], name, (pki, parse, options) => PurposeOf(parse.GetValue(purpose)) == EncryptionPurpose
                ? pki.IssueOrgEncryption(parse.GetValue(code)!, options)
                : pki.IssueOrg(parse.GetValue(code)!, options));
    }

    public static Command CreateGateway()
    {
        var host = new Argument<string>("HOST") { Description = "DNS name (or IP address) clients use for the gateway; 'localhost' also covers 127.0.0.1 and ::1." };
        var ips = new Option<string[]>("--ip") { HelpName = "ADDR", Description = "An IP address to add to the subject alternative names; repeat for several." };
        var name = PkiOptions.Name("Common name of the subject (default HOST).");
        return Build("issue-gateway", "Issue the gateway's TLS server and receipt-signing certificate (serverAuth, digitalSignature).",
            [host, ips, name], name,
            (pki, parse, options) => pki.IssueGateway(parse.GetValue(host)!, PkiOptions.AddressesOf(parse.GetValue(ips) ?? []), options));
    }

    public static Command CreateSystem()
    {
        var system = new Argument<string>("NAME") { Description = "Name of the connected system: letters, digits, '.', '_' and '-'; also its file name." };
        var orgs = new Option<string[]>("--org")
        {
            HelpName = "CODE",
            Description = "An organisation code of the system, written into the subject; repeat for several.",
            Required = true,
        };
        var name = PkiOptions.Name("Common name of the subject (default NAME).");
        return Build("issue-system", "Issue a connected system's TLS client certificate (clientAuth, digitalSignature) with its org codes.",
            [system, orgs, name], name, (pki, parse, options) => pki.IssueSystem(parse.GetValue(system)!, parse.GetValue(orgs) ?? [], options));
    }

    private static string PurposeOf(string? value) => value?.ToLowerInvariant() switch
    {
        null or SigningPurpose => SigningPurpose,
        EncryptionPurpose => EncryptionPurpose,
        _ => throw new PkiException(PkiFailure.InvalidInput, $"--purpose: '{value}' is not {SigningPurpose} or {EncryptionPurpose}"),
    };

    private static Command Build(
        string verb, string description, Symbol[] own, Option<string?> name, Func<DevPki, ParseResult, IssueOptions, IssuedCertificate> issue)
    {
        var keyType = PkiOptions.KeyType();
        var days = PkiOptions.Days(IssueOptions.DefaultValidityDays, DaysNote);
        var json = PkiOptions.Json("the serial, org codes and files written");
        var dir = PkiOptions.Directory();
        var command = new Command(verb, description);
        foreach (var symbol in own)
        {
            if (symbol is Argument argument)
                command.Arguments.Add(argument);
            else
                command.Options.Add((Option)symbol);
        }

        command.Options.Add(keyType);
        command.Options.Add(days);
        command.Options.Add(json);
        command.Options.Add(dir);
        command.Action = new PkiAction($"pki {verb}", parse =>
        {
            var options = PkiOptions.IssueOptionsOf(parse, name, keyType, days);
            using var pki = DevPki.Open(parse.GetValue(dir)!);
            using var issued = issue(pki, parse, options);
            if (parse.GetValue(json))
                PkiOutput.WriteIssuedJson(Console.Out, issued, pki);
            else
                PkiOutput.WriteIssued(Console.Out, issued);
            return ExitCodes.Ok;
        });
        return command;
    }
}
