using System.CommandLine;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>
/// `gateway pki crl`: publishes a fresh CRL with the same revocations. A CRL is current for a week, and
/// verifiers that check revocation refuse a stale one; a PKI kept longer needs this now and then.
/// </summary>
internal static class PkiCrlCommand
{
    public static Command Create()
    {
        var json = PkiOptions.Json("the CRL number, validity and revoked serials");
        var dir = PkiOptions.Directory();
        var command = new Command("crl", "Publish a fresh CRL (next number, current for another 7 days) with the same revocations.") { json, dir };
        command.Action = new PkiAction("pki crl", parse =>
        {
            using var pki = DevPki.Open(parse.GetValue(dir)!);
            var crl = pki.RenewCrl();
            if (parse.GetValue(json))
                PkiOutput.WriteCrlJson(Console.Out, crl);
            else
                PkiOutput.WriteCrl(Console.Out, crl);
            return ExitCodes.Ok;
        });
        return command;
    }
}
