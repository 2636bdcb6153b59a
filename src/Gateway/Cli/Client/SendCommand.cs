using System.CommandLine;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway send --from CODE --to CODE[,CODE…] --file PATH`: sends one file as a document and prints
/// the receipt. A file up to <see cref="InlineMaxBytes"/> goes inline with DocumentExchange.Send; a
/// larger one (or one the gateway refuses inline) is streamed from disk with Upload (see
/// <see cref="Uploader"/>). With --cert and --key the header is signed. With --encrypt-to the file is
/// encrypted to those certificates first (CMS EnvelopedData) and the envelope is what the header
/// describes and what travels (<see cref="PayloadSource"/>).
/// </summary>
internal static class SendCommand
{
    public const string Name = "send";
    public const int MaxCount = 100_000;

    /// <summary>Deadline of one Send: the gateway answers once the document is fsynced, normally within milliseconds.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Files up to this size are read into memory and sent inline (Send); larger ones are uploaded in chunks.</summary>
    public const long InlineMaxBytes = 1L << 20;

    /// <summary>--count reads the file into memory once and sends it inline: larger files are refused before reading them.</summary>
    private const long MaxCountFileBytes = 1L << 30;

    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            HelpName = "CODE",
            Description = "Sender organisation code, e.g. 000.00.00.G22; the calling system must be registered for it.",
            Required = true,
        };
        var to = new Option<string[]>("--to")
        {
            HelpName = "CODE[,CODE...]",
            Description = "Recipient organisation code(s): comma-separated and/or repeated.",
            Required = true,
        };
        var file = new Option<string>("--file") { HelpName = "PATH", Description = "The file to send: inline up to 1 MiB, streamed from disk in chunks (Upload) above that.", Required = true };
        var priority = new Option<int>("--priority")
        {
            HelpName = "0-4",
            Description = "edXML priority: 0 normal, 1 urgent, 2 very urgent, 3 flash, 4 flash with an appointed time.",
            DefaultValueFactory = _ => 0,
        };
        var reference = new Option<string?>("--ref")
        {
            HelpName = "REF",
            Description = "Client reference, unique per sender organisation; sending it again returns the original receipt (default: a new GUID).",
        };
        var subject = new Option<string?>("--subject") { HelpName = "TEXT", Description = "Subject line of the document (edXML Subject)." };
        var json = new Option<bool>("--json") { Description = "Print the receipt as JSON (protobuf JSON mapping: documentId, acceptedAt, ...)." };
        var count = new Option<int>("--count")
        {
            HelpName = "N",
            Description = $"Measure: send N copies with references REF-1..REF-N concurrently and print docs/s (1-{MaxCount}).",
            DefaultValueFactory = _ => 1,
        };
        var noProgress = new Option<bool>("--no-progress") { Description = "Show no progress line on stderr, even for a large file on a terminal." };
        var cert = new Option<string?>("--cert")
        {
            HelpName = "PEM",
            Description = "Sign the header with this certificate (PEM; intermediates may follow it in the file, and are sent along). Needs --key.",
        };
        var key = new Option<string?>("--key") { HelpName = "PEM", Description = "The private key of --cert (PEM, unencrypted)." };
        var encryptTo = new Option<string[]>(EncryptionCertificates.Option)
        {
            HelpName = "PEM",
            Description = "Encrypt the file to this certificate before sending (CMS EnvelopedData): the gateway routes it without " +
                "being able to read it, and only holders of a listed certificate's key can. Repeat for each recipient organisation's " +
                "encryption certificate (and your own, to read it back).",
        };
        var client = new ClientOptions();
        var command = new Command(Name,
            "Send a file as a document to one or more organisation codes and print the receipt. With --cert and --key the " +
            "header is signed (detached CMS); without them it is sent unsigned, which only a gateway with Signatures:Required=false accepts. " +
            "With --encrypt-to the file is encrypted to those certificates first, and the gateway carries what it cannot read.")
        {
            from, to, file, priority, reference, subject, json, count, noProgress, cert, key, encryptTo,
        };
        client.AddTo(command);
        command.Action = new ClientAction(Name, client, async (parse, connection, cancellationToken) =>
        {
            var recipients = Recipients(parse.GetValue(to) ?? []);
            var edxmlPriority = parse.GetValue(priority);
            if (edxmlPriority is < 0 or > OutgoingDocument.MaxEdxmlPriority)
                throw ClientException.BadInput($"--priority: {edxmlPriority} is not an edXML priority (0-{OutgoingDocument.MaxEdxmlPriority})");
            var copies = parse.GetValue(count);
            if (copies is < 1 or > MaxCount)
                throw ClientException.BadInput($"--count: {copies} is not between 1 and {MaxCount}");
            var clientReference = parse.GetValue(reference) ?? Guid.NewGuid().ToString();
            if (string.IsNullOrWhiteSpace(clientReference))
                throw ClientException.BadInput("--ref: is empty");

            using var signer = LoadSigner(parse.GetValue(cert), parse.GetValue(key));
            using var encryption = EncryptionCertificates.Load(parse.GetValue(encryptTo) ?? [], DateTimeOffset.UtcNow);
            var path = parse.GetValue(file)!;
            var size = SizeOf(path);
            using var encryptor = encryption.Certificates.Count > 0 ? encryption.EncryptorFor(path, size) : null;
            var source = new PayloadSource(path, size, encryptor);
            var sender = parse.GetValue(from)!.Trim();
            if (copies > 1)
            {
                if (source.Size > MaxCountFileBytes)
                    throw ClientException.BadInput($"--file: '{path}' is {source.Size} bytes to send, too large for --count, which sends inline; send it once without --count");
                var copy = new OutgoingDocument(sender, recipients, edxmlPriority, parse.GetValue(subject), Path.GetFileName(path), await ReadAsync(source, cancellationToken), source.Encrypted) { Signer = signer };
                return await SendManyAsync(connection, copy, clientReference, copies, parse.GetValue(json), cancellationToken);
            }

            var document = source.Size <= InlineMaxBytes
                ? new OutgoingDocument(sender, recipients, edxmlPriority, parse.GetValue(subject), Path.GetFileName(path), await ReadAsync(source, cancellationToken), source.Encrypted)
                : await HashAsync(sender, recipients, edxmlPriority, parse.GetValue(subject), source, cancellationToken);
            document.Signer = signer;
            var send = new Sending(document, clientReference, source, Progress: !parse.GetValue(noProgress));
            return await SendOneAsync(connection, send, parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    /// <summary>The signer for --cert/--key, or null when neither is given.</summary>
    private static Gateway.Crypto.Signatures.DetachedSigner? LoadSigner(string? certificate, string? key)
    {
        if (certificate is null && key is null)
            return null;
        if (certificate is null || key is null)
            throw ClientException.BadInput(certificate is null ? "--key: needs --cert, the certificate it belongs to" : "--cert: needs --key, its private key");
        try
        {
            return Gateway.Crypto.Signatures.DetachedSigner.LoadPem(certificate, key);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or Gateway.Crypto.Signatures.SignatureException)
        {
            throw ClientException.BadInput($"--cert: {ex.Message.TrimEnd('.')}");
        }
    }

    /// <summary>One document to send: inline when its bytes are in memory, else uploaded from its <see cref="Source"/>.</summary>
    private sealed record Sending(OutgoingDocument Document, string Reference, PayloadSource Source, bool Progress);

    private static async Task<int> SendOneAsync(ClientConnection connection, Sending send, bool json, CancellationToken cancellationToken)
    {
        Protocol.V1.SendResponse response;
        try
        {
            response = await SendOrUploadAsync(connection, send, cancellationToken);
        }
        catch (RpcException ex)
        {
            return Fail(ex, connection, send.Reference, send.Source.Encrypted);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ClientException.BadInput($"--file: cannot read '{send.Source.Path}': {ex.Message.TrimEnd('.')}");
        }

        if (json)
            SendOutput.WriteReceiptJson(Console.Out, response.Receipt);
        else
            SendOutput.WriteReceipt(Console.Out, response.Receipt);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Send for a small file; Upload for a large one, and for a small one the gateway refuses inline
    /// (its Limits:InlinePayloadBytes is below <see cref="InlineMaxBytes"/>). Both carry the same header
    /// bytes, so a retry by either way gets the original receipt.
    /// </summary>
    private static async Task<Protocol.V1.SendResponse> SendOrUploadAsync(ClientConnection connection, Sending send, CancellationToken cancellationToken)
    {
        if (send.Document.Size > InlineMaxBytes)
            return await Uploader.UploadAsync(connection, send.Document, send.Reference, send.Source, CallTimeout, send.Progress, cancellationToken);
        try
        {
            return await connection.Exchange.SendAsync(send.Document.Request(send.Reference), connection.Call(CallTimeout, cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
        {
            return await Uploader.UploadAsync(connection, send.Document, send.Reference, send.Source, CallTimeout, send.Progress, cancellationToken);
        }
    }

    private static async Task<int> SendManyAsync(ClientConnection connection, OutgoingDocument document, string reference, int count, bool json, CancellationToken cancellationToken)
    {
        var (result, failure) = await SendBatch.RunAsync(connection, document, reference, count, CallTimeout, cancellationToken);
        if (json)
            SendOutput.WriteBatchJson(Console.Out, result);
        else
            SendOutput.WriteBatch(Console.Out, result);
        if (failure is null)
            return ExitCodes.Ok;
        Console.Error.WriteLine($"gateway: {result.Failed} of {count} sends failed; the first:");
        if (failure.StatusCode == StatusCode.ResourceExhausted)
        {
            return ClientAction.Fail(RpcFailures.ExitCodeOf(failure), RpcFailures.Describe(failure, connection.Endpoint) +
                "; --count sends inline (Send) and this file is over the gateway's Limits:InlinePayloadBytes: send it without --count, which uploads it in chunks");
        }

        return Fail(failure, connection, reference + "-N", document.Encrypted);
    }

    /// <summary>
    /// The gRPC failure line, with what to do about the failures a person can act on. An encrypted
    /// payload is a new envelope on every run (a new content key), so a retry cannot repeat the
    /// header of an attempt that was in fact accepted: the gateway then answers ALREADY_EXISTS naming
    /// that document, which is the one sent.
    /// </summary>
    private static int Fail(RpcException ex, ClientConnection connection, string reference, bool encrypted)
    {
        var line = RpcFailures.Describe(ex, connection.Endpoint);
        if (RpcFailures.IsTransient(ex.StatusCode))
        {
            line += encrypted
                ? $"; retry with --ref {reference}: if the document was accepted, the encrypted retry is refused with ALREADY_EXISTS naming it"
                : $"; retry with --ref {reference}: if the document was accepted, that returns its original receipt";
        }
        else if (encrypted && ex.StatusCode == StatusCode.AlreadyExists)
        {
            line += "; an encrypted payload differs on every run, so if this is a retry of a send that was accepted, that document is the one sent";
        }

        return ClientAction.Fail(RpcFailures.ExitCodeOf(ex), line);
    }

    private static List<string> Recipients(string[] values)
    {
        var codes = values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (codes.Count == 0)
            throw ClientException.BadInput("--to: no recipient code given");
        return codes;
    }

    private static long SizeOf(string path)
    {
        if (Directory.Exists(path))
            throw ClientException.BadInput($"--file: '{path}' is a directory");
        var info = new FileInfo(path);
        if (!info.Exists)
            throw ClientException.BadInput($"--file: '{path}' does not exist");
        return info.Length;
    }

    private static async Task<OutgoingDocument> HashAsync(string sender, List<string> recipients, int priority, string? subject, PayloadSource source, CancellationToken cancellationToken)
    {
        try
        {
            return await OutgoingDocument.FromSourceAsync(sender, recipients, priority, subject, source, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ClientException.BadInput($"--file: cannot read '{source.Path}': {ex.Message.TrimEnd('.')}");
        }
    }

    private static async Task<byte[]> ReadAsync(PayloadSource source, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAllAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ClientException.BadInput($"--file: cannot read '{source.Path}': {ex.Message.TrimEnd('.')}");
        }
    }
}
