using Gateway.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Crypto.Receipts;

public static partial class ReceiptLeaf
{
    /// <summary>
    /// Whether <paramref name="receipt"/>'s fields say exactly what <paramref name="leaf"/> says. Null when
    /// they do; otherwise the first difference, naming the field and both values, so a reader sees what
    /// was altered. The leaf is read back rather than the receipt re-encoded, because a receipt that cannot
    /// be encoded at all (a changed id that is no UUID) must still get a precise answer.
    /// </summary>
    public static string? FindMismatch(Receipt receipt, ReadOnlySpan<byte> leaf)
    {
        ReceiptLeafContents contents;
        try
        {
            contents = Decode(leaf);
        }
        catch (FormatException ex)
        {
            return $"the leaf is not a receipt leaf: {ex.Message}";
        }

        if (ParseDocumentId(receipt.DocumentId) is not { } documentId)
            return $"document_id '{receipt.DocumentId}' is not a UUID; the leaf says {contents.DocumentId:D}";
        if (documentId != contents.DocumentId)
            return $"document_id is {documentId:D} but the leaf says {contents.DocumentId:D}";
        if (TimeMismatch(receipt.AcceptedAt, contents.AcceptedAtUnixMilliseconds, "accepted_at") is { } acceptedAt)
            return acceptedAt;
        if (receipt.Sequence != contents.Sequence)
            return $"sequence is {receipt.Sequence} but the leaf says {contents.Sequence}";
        if (!receipt.HeaderDigest.Span.SequenceEqual(contents.HeaderDigest))
            return $"header_digest is {Convert.ToHexStringLower(receipt.HeaderDigest.Span)} but the leaf says {Convert.ToHexStringLower(contents.HeaderDigest)}";
        if (receipt.Redirections.Count != contents.Redirections.Count)
            return $"the receipt has {receipt.Redirections.Count} redirections but the leaf has {contents.Redirections.Count}";

        for (var i = 0; i < contents.Redirections.Count; i++)
        {
            var (given, signed) = (receipt.Redirections[i], contents.Redirections[i]);
            if (!string.Equals(given.FromCode, signed.FromCode, StringComparison.Ordinal))
                return $"redirections[{i}].from_code is '{given.FromCode}' but the leaf says '{signed.FromCode}'";
            if (!string.Equals(given.ToCode, signed.ToCode, StringComparison.Ordinal))
                return $"redirections[{i}].to_code is '{given.ToCode}' but the leaf says '{signed.ToCode}'";
            if (TimeMismatch(given.EffectiveAt, signed.EffectiveAtUnixMilliseconds, $"redirections[{i}].effective_at") is { } effectiveAt)
                return effectiveAt;
        }

        return null;
    }

    private static string? TimeMismatch(Timestamp? given, long signed, string field)
    {
        if (given is null)
            return $"{field} is missing; the leaf says {ReceiptTime.Format(signed)}";
        if (!ReceiptTime.TryToUnixMilliseconds(given, out var milliseconds))
            return $"{field} is {ReceiptTime.Format(given)}, which the leaf cannot hold; the leaf says {ReceiptTime.Format(signed)}";
        return milliseconds == signed ? null : $"{field} is {ReceiptTime.Format(milliseconds)} but the leaf says {ReceiptTime.Format(signed)}";
    }
}
