using Gateway.Protocol.V1;

namespace Gateway.Cli.Client;

/// <summary>What `gateway send` prints: lines for people, the receipt as JSON (--json) for scripts.</summary>
internal static class SendOutput
{
    public static void WriteReceipt(TextWriter output, Receipt receipt)
    {
        output.WriteLine($"sent {receipt.DocumentId} (sequence {receipt.Sequence}, accepted {ClientJson.Time(receipt.AcceptedAt)})");
        if (receipt.Duplicate)
            output.WriteLine("duplicate: original receipt (this reference was accepted before; nothing new was stored)");
        foreach (var redirection in receipt.Redirections)
            output.WriteLine($"redirected {redirection.FromCode} -> {redirection.ToCode} (succeeded at {ClientJson.Time(redirection.EffectiveAt)})");
    }

    public static void WriteReceiptJson(TextWriter output, Receipt receipt) => output.WriteLine(ClientJson.Indented.Format(receipt));

    public static void WriteBatch(TextWriter output, SendBatch.Result result)
    {
        output.WriteLine($"sent {result.Sent} of {result.Count} documents in {result.Seconds:0.###} s: {result.DocumentsPerSecond:0.#} docs/s " +
            $"(concurrency {result.Concurrency}, references {result.FirstReference}..{result.LastReference})");
        if (result.Duplicates > 0)
            output.WriteLine($"duplicate: {result.Duplicates} of them returned their original receipt");
    }

    public static void WriteBatchJson(TextWriter output, SendBatch.Result result) =>
        output.WriteLine(ClientJson.Object(json =>
        {
            json.WriteNumber("count", result.Count);
            json.WriteNumber("sent", result.Sent);
            json.WriteNumber("duplicates", result.Duplicates);
            json.WriteNumber("failed", result.Failed);
            json.WriteNumber("concurrency", result.Concurrency);
            json.WriteNumber("seconds", Math.Round(result.Seconds, 3));
            json.WriteNumber("documentsPerSecond", Math.Round(result.DocumentsPerSecond, 1));
            json.WriteString("firstReference", result.FirstReference);
            json.WriteString("lastReference", result.LastReference);
        }));
}
