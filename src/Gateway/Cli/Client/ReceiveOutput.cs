using System.Text.Json;
using Gateway.Protocol.V1;
using Google.Protobuf.Reflection;

namespace Gateway.Cli.Client;

/// <summary>
/// What `gateway receive` prints as it goes: one line per delivery for people (problems on stderr), or
/// one JSON object per line (--json) with an "event" field: document, status, nacked, not_applied, summary.
/// </summary>
internal sealed class ReceiveOutput(bool json)
{
    private const string StatusPrefix = "DOCUMENT_STATUS_";

    private static readonly EnumDescriptor Statuses = DocumentReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(DocumentStatus));

    /// <summary>A status code as edXML writes it and its contract name: "01 ARRIVED".</summary>
    public static string StatusText(DocumentStatus code)
    {
        var name = Statuses.FindValueByNumber((int)code)?.Name ?? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{(int)code:00} {(name.StartsWith(StatusPrefix, StringComparison.Ordinal) ? name[StatusPrefix.Length..] : name)}";
    }

    public void Write(Received item)
    {
        if (json)
        {
            Console.Out.WriteLine(ClientJson.Object(w => WriteJson(w, item)));
            return;
        }

        switch (item.Kind)
        {
            case ReceivedKind.Document:
                var decrypted = item.DecryptedWith is null ? "" : $", decrypted with {item.DecryptedWith}";
                Console.Out.WriteLine($"received {item.DocumentId} from {item.Sender} for {item.Recipient}: {item.Path} ({item.Size} bytes{decrypted})");
                break;
            case ReceivedKind.DocumentAgain:
                Console.Out.WriteLine($"received {item.DocumentId} again: already complete in {item.Path}, acknowledged without rewriting");
                break;
            case ReceivedKind.Status:
                var status = item.Status!;
                var description = string.IsNullOrEmpty(status.Description) ? "" : $": {status.Description}";
                Console.Out.WriteLine($"status {item.DocumentId} {StatusText(status.Code)} from {status.FromOrg}{description}");
                break;
            default:
                Console.Error.WriteLine($"gateway: receive: {item.DocumentId} (delivery {item.DeliveryId}): {item.Reason}; nacked, the gateway offers it again later");
                break;
        }
    }

    /// <summary>The gateway did not record a settlement (the lease ran out and another receiver has it, say).</summary>
    public void NotApplied(SettlementResult result)
    {
        if (json)
        {
            Console.Out.WriteLine(ClientJson.Object(w =>
            {
                w.WriteString("event", "not_applied");
                w.WriteString("deliveryId", result.DeliveryId);
                w.WriteString("detail", result.Detail);
            }));
            return;
        }

        Console.Error.WriteLine($"gateway: receive: the gateway did not record the settlement of delivery {result.DeliveryId}: {result.Detail}");
    }

    public void Summary(ReceiveTotals totals)
    {
        if (json)
        {
            Console.Out.WriteLine(ClientJson.Object(w =>
            {
                w.WriteString("event", "summary");
                w.WriteNumber("documents", totals.Documents);
                w.WriteNumber("alreadyPresent", totals.AlreadyPresent);
                w.WriteNumber("statuses", totals.Statuses);
                w.WriteNumber("nacked", totals.Nacked);
                w.WriteNumber("notApplied", totals.NotApplied);
            }));
            return;
        }

        var line = $"received {Plural(totals.Documents, "document", "documents")}, {Plural(totals.Statuses, "status", "statuses")}";
        var extra = new List<string>();
        if (totals.AlreadyPresent > 0)
            extra.Add($"{totals.AlreadyPresent} already present");
        if (totals.Nacked > 0)
            extra.Add($"{totals.Nacked} nacked");
        if (totals.NotApplied > 0)
            extra.Add($"{totals.NotApplied} not recorded by the gateway");
        Console.Out.WriteLine(extra.Count == 0 ? line : $"{line} ({string.Join(", ", extra)})");
    }

    /// <summary>Told once per outage in --follow mode, which keeps trying.</summary>
    public static void Retrying(string line, TimeSpan wait) =>
        Console.Error.WriteLine($"gateway: {line}; receive keeps trying every {wait.TotalSeconds:0.#} s");

    private static void WriteJson(Utf8JsonWriter w, Received item)
    {
        w.WriteString("event", item.Kind switch
        {
            ReceivedKind.Document or ReceivedKind.DocumentAgain => "document",
            ReceivedKind.Status => "status",
            _ => "nacked",
        });
        w.WriteString("deliveryId", item.DeliveryId);
        w.WriteString("recipient", item.Recipient);
        w.WriteString("documentId", item.DocumentId);
        switch (item.Kind)
        {
            case ReceivedKind.Document or ReceivedKind.DocumentAgain:
                w.WriteString("sender", item.Sender);
                w.WriteString("path", item.Path);
                w.WriteNumber("size", item.Size);
                w.WriteBoolean("alreadyPresent", item.Kind == ReceivedKind.DocumentAgain);
                if (item.DecryptedWith is not null)
                    w.WriteString("decryptedWith", item.DecryptedWith);
                break;
            case ReceivedKind.Status:
                w.WriteNumber("code", (int)item.Status!.Code);
                w.WriteString("status", StatusText(item.Status.Code)[3..]);
                w.WriteString("fromOrg", item.Status.FromOrg);
                w.WriteString("toOrg", item.Status.ToOrg);
                w.WriteString("description", item.Status.Description);
                w.WriteString("reportedAt", ClientJson.Time(item.Status.ReportedAt));
                break;
            default:
                w.WriteString("reason", item.Reason);
                break;
        }
    }

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
