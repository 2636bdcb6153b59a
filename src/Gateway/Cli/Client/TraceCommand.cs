using System.CommandLine;
using Gateway.Protocol.V1;

namespace Gateway.Cli.Client;

/// <summary>`gateway trace --doc ID [--json]`: every step of a document, for its sender and recipients.</summary>
internal static class TraceCommand
{
    public const string Name = "trace";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var document = new Option<string>("--doc") { HelpName = "ID", Description = "Document id.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the trace as JSON (the header as its fields)." };
        var client = new ClientOptions();
        var command = new Command(Name, "Show every hop, delivery attempt and status of a document (its sender and recipients only).")
        {
            document, json,
        };
        client.AddTo(command);
        command.Action = new ClientAction(Name, client, async (parse, connection, cancellationToken) =>
        {
            var trace = await connection.Exchange.GetTraceAsync(new GetTraceRequest { DocumentId = parse.GetValue(document)!.Trim() }, connection.Call(CallTimeout, cancellationToken));
            var header = DocumentHeader.Parser.ParseFrom(trace.Header.Header);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ClientJson.Object(w =>
                {
                    w.WriteString("documentId", trace.DocumentId);
                    w.WritePropertyName("header");
                    w.WriteRawValue(ClientJson.Line.Format(header));
                    w.WriteStartArray("events");
                    foreach (var e in trace.Events)
                        w.WriteRawValue(ClientJson.Line.Format(e));
                    w.WriteEndArray();
                }));
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine($"document {trace.DocumentId}: {header.Sender} -> {string.Join(", ", header.Recipients)}, ref {header.ClientReference}");
            if (header.Metadata?.Subject is { Length: > 0 } subject)
                Console.Out.WriteLine($"subject: {subject}");
            foreach (var e in trace.Events)
            {
                var attempt = e.Attempt > 0 ? $" attempt {e.Attempt}" : "";
                var detail = e.Detail.Length > 0 ? $"  {e.Detail}" : "";
                Console.Out.WriteLine($"{ClientJson.Time(e.At),-30} {e.Kind,-16} {e.Org,-14}{attempt}{detail}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
