using System.CommandLine;
using System.CommandLine.Invocation;
using Gateway.Crypto.Receipts;

namespace Gateway.Cli.Receipts;

/// <summary>
/// `gateway verify-receipt RECEIPT --cert gateway.pem [--tsa-ca FILE] [--json]`: checks a receipt offline,
/// with nothing but the receipt and the gateway's certificate (see docs/receipts.md). Exit 0 when valid,
/// <see cref="ExitCodes.ReceiptInvalid"/> naming the failed check when not, 2 for a command-line or file problem.
/// </summary>
internal static class VerifyReceiptCommand
{
    public const string Name = "verify-receipt";

    public static Command Create()
    {
        var receipt = new Argument<string>("RECEIPT")
        {
            Description = "File holding an axis.v1.Receipt as protobuf JSON (what 'gateway send --json' prints) or protobuf binary.",
        };
        var certificate = new Option<string>("--cert")
        {
            HelpName = "FILE",
            Description = "The gateway's certificate (PEM or DER; the first certificate of the file); the receipt must be signed by exactly it.",
            Required = true,
        };
        var authorities = new Option<string?>("--tsa-ca")
        {
            HelpName = "FILE",
            Description = "PEM certificates of trusted timestamp authorities; a timestamp must then chain to one of them.",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command(Name, "Verify a receipt offline: its leaf, its Merkle proof, the gateway's signature and any RFC 3161 timestamp.")
        {
            receipt, certificate, authorities, json,
        };
        command.Action = new VerifyAction(parse =>
        {
            var gateway = ReceiptFiles.ReadCertificates(parse.GetValue(certificate)!, "--cert")[0];
            var trusted = parse.GetValue(authorities) is { } path ? ReceiptFiles.ReadCertificates(path, "--tsa-ca") : null;
            var read = ReceiptFiles.ReadReceipt(parse.GetValue(receipt)!);

            var result = new ReceiptVerifier(gateway, trusted).Verify(read);
            if (parse.GetValue(json))
                VerifyReceiptOutput.WriteJson(Console.Out, result, trusted is not null);
            else if (result.IsValid)
                VerifyReceiptOutput.WriteValid(Console.Out, result, trusted is not null);
            else
                VerifyReceiptOutput.WriteInvalid(Console.Error, result);
            return result.IsValid ? ExitCodes.Ok : ExitCodes.ReceiptInvalid;
        });
        return command;
    }

    /// <summary>Every command-line or file problem is one line `gateway: verify-receipt: why` and exit code 2.</summary>
    private sealed class VerifyAction(Func<ParseResult, int> run) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            if (ParseProblems.Describe(parseResult, Name) is { } problem)
                return Fail($"{Name}: {problem}");
            try
            {
                return run(parseResult);
            }
            catch (ReceiptFileException ex)
            {
                return Fail($"{Name}: {ex.Message}");
            }
        }

        private static int Fail(string message)
        {
            Console.Error.WriteLine($"gateway: {message}");
            return ExitCodes.Configuration;
        }
    }
}
