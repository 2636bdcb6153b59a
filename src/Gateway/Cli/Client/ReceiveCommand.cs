using System.CommandLine;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway receive --out DIR [--org CODE …] [--once | --follow]`: takes deliveries with Pull, writes
/// each document to DIR/&lt;documentId&gt;/ and each status to DIR/&lt;documentId&gt;/statuses.jsonl,
/// and acknowledges only what is fsynced there (see <see cref="Inbox"/> and <see cref="Receiver"/>). A
/// payload too large to come inline is fetched (<see cref="PayloadFetcher"/>), resuming a broken stream.
/// An encrypted payload is decrypted with --cert/--key before it is written (<see cref="DecryptionKeys"/>).
/// </summary>
internal static class ReceiveCommand
{
    public const string Name = "receive";

    public static Command Create()
    {
        var orgs = new Option<string[]>("--org")
        {
            HelpName = "CODE",
            Description = "Organisation code to receive for; repeat for several (default: every code the token's system is registered for).",
        };
        var output = new Option<string>("--out")
        {
            HelpName = "DIR",
            Description = "Directory to write to: DIR/<documentId>/ gets the payload, header.bin, header.json and statuses.jsonl.",
            Required = true,
        };
        var once = new Option<bool>("--once") { Description = "Take what is waiting, print a summary and exit." };
        var follow = new Option<bool>("--follow") { Description = "Keep receiving until Ctrl+C or SIGTERM (the default)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line (event: document, status, nacked, not_applied, summary)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Show no progress line on stderr while a large payload is fetched." };
        var certificates = new Option<string[]>("--cert")
        {
            HelpName = "PEM",
            Description = "An encryption certificate of this system's organisation (PEM), with --key: encrypted payloads are decrypted " +
                "before they are written; repeat the pair for several. Without it an encrypted payload is nacked and nothing is written.",
        };
        var keys = new Option<string[]>("--key") { HelpName = "PEM", Description = "The private key of the --cert in the same position (PEM, unencrypted)." };
        var client = new ClientOptions();
        var command = new Command(Name,
            "Receive documents and status updates into a directory; each is acknowledged only once its files are fsynced there. " +
            "Encrypted payloads are decrypted with --cert/--key first, and nacked (nothing written) when they cannot be.")
        {
            orgs, output, once, follow, json, noProgress, certificates, keys,
        };
        client.AddTo(command);
        command.Action = new ClientAction(Name, client, async (parse, connection, cancellationToken) =>
        {
            var takeOnce = parse.GetValue(once);
            if (takeOnce && parse.GetValue(follow))
                throw ClientException.BadInput("--once and --follow: choose one");
            var codes = (parse.GetValue(orgs) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            using var decryption = DecryptionKeys.Load(parse.GetValue(certificates) ?? [], parse.GetValue(keys) ?? []);
            var inbox = Inbox.Open(parse.GetValue(output)!);
            var printer = new ReceiveOutput(parse.GetValue(json));
            var receiver = new Receiver(connection, inbox, printer, codes, progress: !parse.GetValue(noProgress), keys: decryption.Certificates);

            using var stop = new StopSignal(cancellationToken);
            await receiver.RunAsync(follow: !takeOnce, stop.Token);
            printer.Summary(receiver.Totals);
            // A document nacked here (bad digest, a payload that does not decrypt, a disk problem) is not received: say so in the exit code.
            return receiver.Totals.Nacked > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
