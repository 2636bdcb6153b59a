using System.CommandLine;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway send --from CODE --to CODE[,CODE…] --file PATH`: sends one file as a document with
/// DocumentExchange.Send (payload inline) and prints the receipt. The header is sent with an empty
/// signature until the signatures work lands.
/// </summary>
internal static class SendCommand
{
    public const string Name = "send";
    public const int MaxCount = 100_000;

    /// <summary>Deadline of one Send: the gateway answers once the document is fsynced, normally within milliseconds.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Larger files are refused before reading them: Send carries the payload in one message.</summary>
    private const long MaxFileBytes = 1L << 30;

    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            HelpName = "CODE",
            Description = "Sender organisation code, e.g. 000.00.00.G22; the token's system must be registered for it.",
            Required = true,
        };
        var to = new Option<string[]>("--to")
        {
            HelpName = "CODE[,CODE...]",
            Description = "Recipient organisation code(s): comma-separated and/or repeated.",
            Required = true,
        };
        var file = new Option<string>("--file") { HelpName = "PATH", Description = "The file to send (inline, up to the gateway's Limits:InlinePayloadBytes).", Required = true };
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
        var client = new ClientOptions();
        var command = new Command(Name,
            "Send a file as a document to one or more organisation codes and print the receipt. The header is sent unsigned " +
            "(empty signature) for now: signing arrives with the signatures work.")
        {
            from, to, file, priority, reference, subject, json, count,
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

            var path = parse.GetValue(file)!;
            var payload = await ReadAsync(path, cancellationToken);
            var document = new OutgoingDocument(parse.GetValue(from)!.Trim(), recipients, edxmlPriority, parse.GetValue(subject), Path.GetFileName(path), payload);
            return copies == 1
                ? await SendOneAsync(connection, document, clientReference, parse.GetValue(json), cancellationToken)
                : await SendManyAsync(connection, document, clientReference, copies, parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> SendOneAsync(ClientConnection connection, OutgoingDocument document, string reference, bool json, CancellationToken cancellationToken)
    {
        Protocol.V1.SendResponse response;
        try
        {
            var request = document.Request(reference);
            response = await connection.Exchange.SendAsync(request, connection.Call(CallTimeout, cancellationToken));
        }
        catch (RpcException ex)
        {
            return Fail(ex, connection, reference);
        }

        if (json)
            SendOutput.WriteReceiptJson(Console.Out, response.Receipt);
        else
            SendOutput.WriteReceipt(Console.Out, response.Receipt);
        return ExitCodes.Ok;
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
        return Fail(failure, connection, reference + "-N");
    }

    /// <summary>The gRPC failure line, with what to do about the two failures a person can act on.</summary>
    private static int Fail(RpcException ex, ClientConnection connection, string reference)
    {
        var line = RpcFailures.Describe(ex, connection.Endpoint);
        if (ex.StatusCode == StatusCode.ResourceExhausted)
            line += "; large uploads (Upload) are not built into gateway send yet: it sends inline only, so this file cannot be sent from the command line";
        else if (RpcFailures.IsTransient(ex.StatusCode))
            line += $"; retry with --ref {reference}: if the document was accepted, that returns its original receipt";
        return ClientAction.Fail(RpcFailures.ExitCodeOf(ex), line);
    }

    private static List<string> Recipients(string[] values)
    {
        var codes = values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (codes.Count == 0)
            throw ClientException.BadInput("--to: no recipient code given");
        return codes;
    }

    private static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
            throw ClientException.BadInput($"--file: '{path}' is a directory");
        var info = new FileInfo(path);
        if (!info.Exists)
            throw ClientException.BadInput($"--file: '{path}' does not exist");
        if (info.Length > MaxFileBytes)
        {
            throw ClientException.BadInput(
                $"--file: '{path}' is {info.Length} bytes, too large to send inline; large uploads (Upload) are not built into gateway send yet");
        }

        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ClientException.BadInput($"--file: cannot read '{path}': {ex.Message.TrimEnd('.')}");
        }
    }
}
