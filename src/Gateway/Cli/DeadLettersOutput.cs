using System.Text;
using System.Text.Json;
using Gateway.DeadLetters;
using Gateway.Systems;

namespace Gateway.Cli;

/// <summary>What `gateway dead-letters` prints: plain text for people, JSON (--json) for scripts.</summary>
internal static class DeadLettersOutput
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void WriteList(TextWriter output, DeadLetterPage page, string? recipient)
    {
        if (page.Items.Count == 0)
        {
            output.WriteLine(recipient is null ? "No dead letters." : $"No dead letters for {recipient}.");
            return;
        }

        var rows = page.Items.Select(d => new[]
        {
            d.DeliveryId,
            d.DocumentId,
            d.IsStatus ? "status" : "document",
            d.Recipient,
            d.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            SystemRegistry.FormatTime(d.DeadLetteredAt),
            d.Reason,
        }).ToList();
        string[] header = ["DELIVERY", "DOCUMENT", "KIND", "RECIPIENT", "ATTEMPTS", "DEAD-LETTERED", "REASON"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
                line.Append(i < row.Length - 1 ? row[i].PadRight(widths[i] + 2) : row[i]);
            output.WriteLine(line.ToString());
        }

        if (page.Next is { } next)
            output.WriteLine($"More follow: gateway dead-letters list{(recipient is null ? "" : $" --recipient {recipient}")} --after {next}");
    }

    public static void WriteListJson(TextWriter output, DeadLetterPage page)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteStartArray("deadLetters");
            foreach (var d in page.Items)
            {
                json.WriteStartObject();
                json.WriteString("deliveryId", d.DeliveryId);
                json.WriteString("documentId", d.DocumentId);
                json.WriteString("kind", d.IsStatus ? "status" : "document");
                json.WriteString("recipient", d.Recipient);
                json.WriteString("requested", d.Requested);
                json.WriteNumber("attempts", d.Attempts);
                json.WriteString("reason", d.Reason);
                json.WriteString("deadLetteredAt", SystemRegistry.FormatTime(d.DeadLetteredAt));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (page.Next is { } next)
                json.WriteString("next", next);
            else
                json.WriteNull("next");
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void WriteReplayed(TextWriter output, ReplayOutcome outcome, string? recipient)
    {
        var scope = recipient is null ? "" : $" for {recipient}";
        output.WriteLine(outcome.Replayed == 0
            ? $"No dead letters{scope} to replay."
            : $"Replayed {Count(outcome.Replayed)}{scope}: offered again now under the same delivery ids.");
        if (outcome.SkippedExpired > 0)
            output.WriteLine($"Left {Count(outcome.SkippedExpired)} whose document has expired (a replay would dead-letter them again); purge them instead.");
    }

    public static void WritePurged(TextWriter output, int purged, string? recipient)
    {
        var scope = recipient is null ? "" : $" for {recipient}";
        output.WriteLine(purged == 0
            ? $"No dead letters{scope} to purge."
            : $"Purged {Count(purged)}{scope}; each document's trace records it.");
    }

    private static string Count(int n) => n == 1 ? "1 dead letter" : $"{n} dead letters";
}
