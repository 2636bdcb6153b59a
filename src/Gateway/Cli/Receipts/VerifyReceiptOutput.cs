using System.Globalization;
using Gateway.Cli.Client;
using Gateway.Crypto.Receipts;

namespace Gateway.Cli.Receipts;

/// <summary>What `gateway verify-receipt` prints: one line for people, one JSON object (--json) for scripts.</summary>
internal static class VerifyReceiptOutput
{
    public static void WriteValid(TextWriter output, ReceiptVerification result, bool authorityChecked)
    {
        var line = $"receipt valid: document {result.DocumentId}, sequence {result.Sequence}, accepted {Time(result.AcceptedAt)}, " +
            $"batch of {result.LeafCount}, signed at {Time(result.SignedAt)}";
        if (result.TimestampedAt is { } stamped)
        {
            line += $", timestamped at {Time(stamped)} by '{result.TimestampAuthority}'" +
                (authorityChecked ? "" : " (authority not checked: no --tsa-ca)");
        }

        output.WriteLine(line);
    }

    public static void WriteInvalid(TextWriter error, ReceiptVerification result) =>
        error.WriteLine($"gateway: receipt invalid ({ReceiptVerification.Describe(result.FailedCheck)}): {result.Problem}");

    public static void WriteJson(TextWriter output, ReceiptVerification result, bool authorityChecked) =>
        output.WriteLine(ClientJson.Object(json =>
        {
            json.WriteBoolean("valid", result.IsValid);
            if (!result.IsValid)
            {
                json.WriteString("check", ReceiptVerification.Describe(result.FailedCheck));
                json.WriteString("failure", result.Failure?.ToString());
                json.WriteString("problem", result.Problem);
                return;
            }

            json.WriteString("documentId", result.DocumentId);
            json.WriteNumber("sequence", result.Sequence);
            json.WriteString("acceptedAt", Time(result.AcceptedAt));
            json.WriteNumber("leafIndex", result.LeafIndex);
            json.WriteNumber("leafCount", result.LeafCount);
            json.WriteString("signedAt", Time(result.SignedAt));
            json.WriteString("signer", result.Signer);
            if (result.TimestampedAt is { } stamped)
            {
                json.WriteString("timestampedAt", Time(stamped));
                json.WriteString("timestampAuthority", result.TimestampAuthority);
                json.WriteBoolean("timestampAuthorityChecked", authorityChecked);
            }
            else
            {
                json.WriteNull("timestampedAt");
                json.WriteNull("timestampAuthority");
                json.WriteNull("timestampAuthorityChecked");
            }
        }));

    /// <summary>UTC to the millisecond, as the other client commands print times.</summary>
    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "-";
}
