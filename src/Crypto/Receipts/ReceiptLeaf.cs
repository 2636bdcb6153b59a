using System.Buffers.Binary;
using System.Text;
using Gateway.Protocol.V1;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// The canonical bytes of a receipt's Merkle leaf. Protobuf serialization is not canonical (field order,
/// unknown fields, default values), so the leaf is a fixed binary layout that anyone can rebuild from a
/// receipt's fields. All integers are big-endian:
/// <code>
/// "axis.v1.receipt"      15 ASCII bytes
/// version                1 byte, 0x01
/// document_id            16 bytes: the UUID of Receipt.document_id in RFC 9562 byte order
/// accepted_at            int64, Unix milliseconds
/// sequence               uint64
/// header_digest          32 bytes
/// redirection count      uint16
/// per redirection        from_code: uint8 length + UTF-8 bytes
///                        to_code:   uint8 length + UTF-8 bytes
///                        effective_at: int64, Unix milliseconds
/// </code>
/// <c>duplicate</c> is not in the leaf: it describes one answer to a send, not the acceptance. See docs/receipts.md.
/// </summary>
public static partial class ReceiptLeaf
{
    // Codes must round-trip exactly: a lone surrogate would be written as U+FFFD and never match again.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The version this code writes and reads.</summary>
    public const byte Version = 0x01;

    /// <summary>Size of header_digest (SHA-256).</summary>
    public const int DigestSize = 32;

    /// <summary>Size of a leaf without redirections.</summary>
    public const int FixedSize = 15 + 1 + 16 + 8 + 8 + DigestSize + 2;

    /// <summary>The label every leaf starts with, so a leaf can never be mistaken for other signed bytes.</summary>
    public static ReadOnlySpan<byte> Label => "axis.v1.receipt"u8;

    /// <summary>
    /// The leaf bytes of <paramref name="receipt"/>. Throws <see cref="ArgumentException"/> naming the field
    /// when the receipt cannot be written exactly: a document id that is not a UUID, a missing time or one
    /// with sub-millisecond digits, a digest that is not 32 bytes, a code over 255 UTF-8 bytes, more than
    /// 65,535 redirections.
    /// </summary>
    public static byte[] Encode(Receipt receipt)
    {
        var documentId = ParseDocumentId(receipt.DocumentId)
            ?? throw BadReceipt($"document_id: '{receipt.DocumentId}' is not a UUID (8-4-4-4-12 hex digits)");
        var acceptedAt = Milliseconds(receipt.AcceptedAt, "accepted_at");
        if (receipt.HeaderDigest.Length != DigestSize)
            throw BadReceipt($"header_digest: {receipt.HeaderDigest.Length} bytes, expected {DigestSize} (SHA-256)");
        if (receipt.Redirections.Count > ushort.MaxValue)
            throw BadReceipt($"redirections: {receipt.Redirections.Count}, at most {ushort.MaxValue} fit a leaf");

        var size = FixedSize;
        for (var i = 0; i < receipt.Redirections.Count; i++)
        {
            var redirection = receipt.Redirections[i];
            size += 1 + CodeLength(redirection.FromCode, $"redirections[{i}].from_code")
                + 1 + CodeLength(redirection.ToCode, $"redirections[{i}].to_code") + 8;
        }

        var leaf = new byte[size];
        var span = leaf.AsSpan();
        Label.CopyTo(span);
        var at = Label.Length;
        span[at++] = Version;
        documentId.TryWriteBytes(span.Slice(at, 16), bigEndian: true, out _);
        at += 16;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], acceptedAt);
        at += 8;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], receipt.Sequence);
        at += 8;
        receipt.HeaderDigest.Span.CopyTo(span[at..]);
        at += DigestSize;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)receipt.Redirections.Count);
        at += 2;
        for (var i = 0; i < receipt.Redirections.Count; i++)
        {
            var redirection = receipt.Redirections[i];
            at = WriteCode(span, at, redirection.FromCode);
            at = WriteCode(span, at, redirection.ToCode);
            BinaryPrimitives.WriteInt64BigEndian(span[at..], Milliseconds(redirection.EffectiveAt, $"redirections[{i}].effective_at"));
            at += 8;
        }

        return leaf;
    }

    /// <summary>
    /// Reads leaf bytes back. Throws <see cref="FormatException"/> saying where the bytes break the layout
    /// (wrong label or version, truncated, a code that is not UTF-8, bytes left over).
    /// </summary>
    public static ReceiptLeafContents Decode(ReadOnlySpan<byte> leaf)
    {
        if (leaf.Length < FixedSize)
            throw new FormatException($"the leaf is {leaf.Length} bytes; a receipt leaf has at least {FixedSize}");
        if (!leaf.StartsWith(Label))
            throw new FormatException("the leaf does not start with \"axis.v1.receipt\"");
        var at = Label.Length;
        if (leaf[at] != Version)
            throw new FormatException($"the leaf has version {leaf[at]}; this code reads version {Version}");
        at++;
        var documentId = new Guid(leaf.Slice(at, 16), bigEndian: true);
        at += 16;
        var acceptedAt = BinaryPrimitives.ReadInt64BigEndian(leaf[at..]);
        at += 8;
        var sequence = BinaryPrimitives.ReadUInt64BigEndian(leaf[at..]);
        at += 8;
        var digest = leaf.Slice(at, DigestSize).ToArray();
        at += DigestSize;
        int count = BinaryPrimitives.ReadUInt16BigEndian(leaf[at..]);
        at += 2;

        var redirections = new LeafRedirection[count];
        for (var i = 0; i < count; i++)
        {
            var from = ReadCode(leaf, ref at, i, "from_code");
            var to = ReadCode(leaf, ref at, i, "to_code");
            if (leaf.Length - at < 8)
                throw new FormatException($"the leaf ends inside redirection {i}'s effective_at");
            redirections[i] = new LeafRedirection(from, to, BinaryPrimitives.ReadInt64BigEndian(leaf[at..]));
            at += 8;
        }

        if (at != leaf.Length)
            throw new FormatException($"the leaf has {leaf.Length - at} bytes after its last redirection");
        return new ReceiptLeafContents(documentId, acceptedAt, sequence, digest, redirections);
    }

    /// <summary>A receipt's document id as a UUID; only the hyphenated 36-character form is accepted.</summary>
    public static Guid? ParseDocumentId(string documentId) =>
        Guid.TryParseExact(documentId, "D", out var id) ? id : null;

    private static long Milliseconds(Google.Protobuf.WellKnownTypes.Timestamp? time, string field)
    {
        if (time is null)
            throw BadReceipt($"{field} is missing");
        if (!ReceiptTime.TryToUnixMilliseconds(time, out var milliseconds))
            throw BadReceipt($"{field}: {ReceiptTime.Format(time)} is not a whole millisecond; receipts carry Unix milliseconds");
        return milliseconds;
    }

    // The message names the field; the parameter is always the receipt.
    private static ArgumentException BadReceipt(string message) => new(message);

    private static int CodeLength(string code, string field)
    {
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(code);
        }
        catch (EncoderFallbackException)
        {
            throw BadReceipt($"{field}: '{code}' is not valid Unicode text");
        }

        return length <= byte.MaxValue
            ? length
            : throw BadReceipt($"{field}: {length} UTF-8 bytes, at most {byte.MaxValue} fit a leaf");
    }

    private static int WriteCode(Span<byte> leaf, int at, string code)
    {
        var length = StrictUtf8.GetBytes(code, leaf[(at + 1)..]);
        leaf[at] = (byte)length;
        return at + 1 + length;
    }

    private static string ReadCode(ReadOnlySpan<byte> leaf, ref int at, int index, string field)
    {
        if (at >= leaf.Length)
            throw new FormatException($"the leaf ends before redirection {index}'s {field}");
        int length = leaf[at];
        if (leaf.Length - at - 1 < length)
            throw new FormatException($"redirection {index}'s {field} is {length} bytes long but the leaf ends after {leaf.Length - at - 1}");
        try
        {
            var code = StrictUtf8.GetString(leaf.Slice(at + 1, length));
            at += 1 + length;
            return code;
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException($"redirection {index}'s {field} is not UTF-8");
        }
    }
}
