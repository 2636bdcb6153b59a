using System.CommandLine;
using System.Globalization;
using Gateway.Protocol.V1;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway status --doc ID --code NN [--reason TEXT] [--from CODE]`: reports an edXML status on a
/// document (DocumentExchange.UpdateStatus). The reporting organisation is --from, or, when left out,
/// the sender for 13 and the document's only recipient otherwise (read from the document's trace).
/// </summary>
internal static class StatusCommand
{
    public const string Name = "status";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, DocumentStatus> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["02"] = DocumentStatus.Rejected,
        ["rejected"] = DocumentStatus.Rejected,
        ["03"] = DocumentStatus.Accepted,
        ["accepted"] = DocumentStatus.Accepted,
        ["04"] = DocumentStatus.Assigned,
        ["assigned"] = DocumentStatus.Assigned,
        ["05"] = DocumentStatus.Processing,
        ["processing"] = DocumentStatus.Processing,
        ["06"] = DocumentStatus.Finished,
        ["finished"] = DocumentStatus.Finished,
        ["13"] = DocumentStatus.TakeBackRequested,
        ["take-back"] = DocumentStatus.TakeBackRequested,
        ["15"] = DocumentStatus.RequestAgreed,
        ["agreed"] = DocumentStatus.RequestAgreed,
        ["16"] = DocumentStatus.RequestRefused,
        ["refused"] = DocumentStatus.RequestRefused,
    };

    public static Command Create()
    {
        var document = new Option<string>("--doc") { HelpName = "ID", Description = "Document id (from the receipt or the delivery).", Required = true };
        var code = new Option<string>("--code")
        {
            HelpName = "NN",
            Description = "edXML status: 02 rejected, 03 accepted, 04 assigned, 05 processing, 06 finished, 13 take-back, 15 agreed, 16 refused.",
            Required = true,
        };
        var reason = new Option<string?>("--reason") { HelpName = "TEXT", Description = "Description; required for 02 and 16." };
        var from = new Option<string?>("--from") { HelpName = "CODE", Description = "Reporting organisation (default: see above)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var client = new ClientOptions();
        var command = new Command(Name, "Report an edXML status on a document; it reaches the other side through its queue.")
        {
            document, code, reason, from, json,
        };
        client.AddTo(command);
        command.Action = new ClientAction(Name, client, async (parse, connection, cancellationToken) =>
        {
            var text = parse.GetValue(code)!.Trim();
            var status = Codes.TryGetValue(text, out var known) ? known
                : Codes.TryGetValue(text.PadLeft(2, '0'), out known) ? known
                : throw ClientException.BadInput($"--code: '{text}' is not a reportable status (02-06, 13, 15, 16; 01 is set by the gateway)");
            var documentId = parse.GetValue(document)!.Trim();
            var reporter = parse.GetValue(from)?.Trim() ?? await DefaultReporterAsync(connection, documentId, status, cancellationToken);

            var request = new UpdateStatusRequest { DocumentId = documentId, FromOrg = reporter, Code = status, Description = parse.GetValue(reason) ?? "" };
            var response = await connection.Exchange.UpdateStatusAsync(request, connection.Call(CallTimeout, cancellationToken));

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ClientJson.Object(w =>
                {
                    w.WriteString("documentId", documentId);
                    w.WriteString("statusId", response.StatusId);
                    w.WriteString("code", ((int)status).ToString("00", CultureInfo.InvariantCulture));
                    w.WriteString("from", reporter);
                }));
            }
            else
            {
                Console.Out.WriteLine($"status {(int)status:00} ({status}) recorded on {documentId} for {reporter} (status id {response.StatusId})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>13 is the sender's; any other status is a recipient's, which is unambiguous only with one recipient.</summary>
    private static async Task<string> DefaultReporterAsync(ClientConnection connection, string documentId, DocumentStatus status, CancellationToken cancellationToken)
    {
        var trace = await connection.Exchange.GetTraceAsync(new GetTraceRequest { DocumentId = documentId }, connection.Call(CallTimeout, cancellationToken));
        var header = DocumentHeader.Parser.ParseFrom(trace.Header.Header);
        if (status == DocumentStatus.TakeBackRequested)
            return header.Sender;
        var recipients = trace.Events.Where(e => e.Kind == "queued").Select(e => e.Org).Distinct(StringComparer.Ordinal).ToList();
        return recipients.Count == 1
            ? recipients[0]
            : throw ClientException.BadInput($"--from: document {documentId} has {recipients.Count} recipients; name the one reporting with --from CODE");
    }
}
