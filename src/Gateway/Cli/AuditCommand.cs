using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Store;
using Gateway.Store.Events;

namespace Gateway.Cli;

/// <summary>
/// `gateway audit verify [--data DIR] [--cert PEM]`: checks that the event history has not been
/// altered, and that the checkpoints are signed by the gateway (its certificate from --cert, else
/// the gateway's own under DIR/keys).
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var data = DataDirectoryOption.Create();
        var cert = new Option<string?>("--cert")
        {
            HelpName = "PEM",
            Description = "The gateway's receipt certificate, to verify checkpoint signatures (default: DIR/keys/receipts.pem when present).",
        };
        var verify = new Command("verify", "Recompute the hash chain of every event, name the first broken link, and verify the checkpoints' signatures.") { data, cert };
        verify.SetAction(parse => Verify(parse.GetValue(data)!, parse.GetValue(cert)));
        return new Command("audit", "Check the tamper-evident history of documents.") { verify };
    }

    private static int Verify(string dataDirectory, string? certificateFile)
    {
        var ownCertificate = Path.Combine(dataDirectory, Gateway.Receipts.ReceiptKeys.DirectoryName, Gateway.Receipts.ReceiptKeys.CertificateFileName);
        certificateFile ??= File.Exists(ownCertificate) ? ownCertificate : null;
        X509Certificate2? certificate;
        try
        {
            certificate = certificateFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(certificateFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            Console.Error.WriteLine($"gateway: --cert: cannot read '{certificateFile}': {ex.Message.TrimEnd('.')}");
            return ExitCodes.Configuration;
        }

        using (certificate)
            try
            {
                using var store = LocalStore.Open(dataDirectory);
                var outcome = EventChainVerifier.Verify(store, certificate);
                if (outcome.Problem is { } problem)
                {
                    Console.Error.WriteLine($"gateway: {problem}");
                    return ExitCodes.Failure;
                }

                var signatures = certificate is null
                    ? "checkpoint signatures not checked (no --cert, and no gateway key under the data directory)"
                    : $"{outcome.SignaturesChecked} checkpoint signatures verified with {certificateFile}";
                Console.WriteLine($"audit chain intact: {outcome.EventsChecked} events, {outcome.CheckpointsChecked} checkpoints, last hash {Convert.ToHexStringLower(outcome.LastHash)}; {signatures}");
                return ExitCodes.Ok;
            }
            catch (StoreException ex)
            {
                Console.Error.WriteLine($"gateway: store error: {ex.Message}");
                return ExitCodes.Store;
            }
    }
}
