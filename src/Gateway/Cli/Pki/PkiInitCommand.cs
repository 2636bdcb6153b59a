using System.CommandLine;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>`gateway pki init`: a new root CA and its first, empty CRL; never over an existing PKI.</summary>
internal static class PkiInitCommand
{
    public static Command Create()
    {
        var name = PkiOptions.Name($"Common name of the root CA (default '{DevPkiOptions.DefaultName}').");
        var crlUrl = new Option<string?>("--crl-url")
        {
            HelpName = "URL",
            Description = $"Where the CRL will be published; written into every certificate (default {DevPkiOptions.DefaultCrlUrl}, where 'gateway pki serve-crl' serves it).",
        };
        var keyType = PkiOptions.KeyType();
        var days = PkiOptions.Days(DevPkiOptions.DefaultValidityDays, "");
        var json = PkiOptions.Json("the root's serial and the files written");
        var dir = PkiOptions.Directory();
        var command = new Command("init", "Create a development PKI: a self-signed root CA, its first CRL, the trust directory and index.json.")
        {
            name, crlUrl, keyType, days, json, dir,
        };
        command.Action = new PkiAction("pki init", parse =>
        {
            var options = new DevPkiOptions
            {
                Name = parse.GetValue(name) ?? DevPkiOptions.DefaultName,
                CrlUrl = parse.GetValue(crlUrl) ?? DevPkiOptions.DefaultCrlUrl,
                KeyKind = PkiOptions.KeyKindOf(parse, keyType),
                ValidityDays = parse.GetValue(days),
            };
            using var pki = DevPki.Init(parse.GetValue(dir)!, options);
            if (parse.GetValue(json))
                PkiOutput.WriteInitJson(Console.Out, pki, options.KeyKind);
            else
                PkiOutput.WriteInit(Console.Out, pki, options.KeyKind);
            return ExitCodes.Ok;
        });
        return command;
    }
}
