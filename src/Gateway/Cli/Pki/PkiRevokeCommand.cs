using System.CommandLine;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>`gateway pki revoke SERIAL`: records the revocation and publishes a CRL with the next number.</summary>
internal static class PkiRevokeCommand
{
    public static Command Create()
    {
        var serial = new Argument<string>("SERIAL") { Description = "Serial of the certificate, in hex as issue printed it (case and ':' ignored)." };
        var json = PkiOptions.Json("the serial, revocation time and CRL number");
        var dir = PkiOptions.Directory();
        var command = new Command("revoke", "Revoke a certificate: a new CRL, with the next number, lists it at once.") { serial, json, dir };
        command.Action = new PkiAction("pki revoke", parse =>
        {
            using var pki = DevPki.Open(parse.GetValue(dir)!);
            var revocation = pki.Revoke(parse.GetValue(serial)!);
            if (parse.GetValue(json))
                PkiOutput.WriteRevocationJson(Console.Out, revocation);
            else
                PkiOutput.WriteRevocation(Console.Out, revocation);
            return ExitCodes.Ok;
        });
        return command;
    }
}
