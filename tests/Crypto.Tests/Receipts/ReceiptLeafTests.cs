using System.Text;
using Gateway.Crypto.Receipts;
using Gateway.Protocol.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Crypto.Tests.Receipts;

public sealed class ReceiptLeafTests
{
    private static Receipt Fixed() => new()
    {
        DocumentId = "01890a5d-ac96-774b-bcce-b302099a8057",
        AcceptedAt = new Timestamp { Seconds = 1_767_225_600, Nanos = 123_000_000 }, // 2026-01-01T00:00:00.123Z
        Sequence = 0x0102030405060708,
        HeaderDigest = ByteString.CopyFrom(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray()),
        Redirections =
        {
            new Redirection { FromCode = "000.00.00.H41", ToCode = "Sở Y tế", EffectiveAt = new Timestamp { Seconds = -1, Nanos = 999_000_000 } },
        },
    };

    [Fact]
    public void Encode_WritesTheDocumentedLayoutByteForByte()
    {
        var expected = new List<byte>();
        expected.AddRange("axis.v1.receipt"u8.ToArray());
        expected.Add(0x01);
        expected.AddRange(Convert.FromHexString("01890a5dac96774bbcceb302099a8057"));
        expected.AddRange(Convert.FromHexString("0000019B76DAA87B")); // 1767225600123 ms
        expected.AddRange(Convert.FromHexString("0102030405060708"));
        expected.AddRange(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)));
        expected.AddRange([0x00, 0x01]);
        expected.Add(13);
        expected.AddRange("000.00.00.H41"u8.ToArray());
        var to = Encoding.UTF8.GetBytes("Sở Y tế");
        expected.Add((byte)to.Length);
        expected.AddRange(to);
        expected.AddRange(Convert.FromHexString("FFFFFFFFFFFFFFFF")); // -1 ms: 1969-12-31T23:59:59.999Z

        Assert.Equal(Convert.ToHexString(expected.ToArray()), Convert.ToHexString(ReceiptLeaf.Encode(Fixed())));
    }

    [Fact]
    public void Decode_ReadsBackWhatEncodeWrote()
    {
        var contents = ReceiptLeaf.Decode(ReceiptLeaf.Encode(Fixed()));

        Assert.Equal(Guid.Parse("01890a5d-ac96-774b-bcce-b302099a8057"), contents.DocumentId);
        Assert.Equal(1_767_225_600_123, contents.AcceptedAtUnixMilliseconds);
        Assert.Equal(0x0102030405060708UL, contents.Sequence);
        Assert.Equal(Fixed().HeaderDigest.ToByteArray(), contents.HeaderDigest);
        Assert.Equal([new LeafRedirection("000.00.00.H41", "Sở Y tế", -1)], contents.Redirections);
    }

    [Fact]
    public void FindMismatch_SameReceipt_FindsNone()
    {
        Assert.Null(ReceiptLeaf.FindMismatch(Fixed(), ReceiptLeaf.Encode(Fixed())));
        // duplicate describes one answer, not the acceptance, so it is not signed.
        Assert.Null(ReceiptLeaf.FindMismatch(new Receipt(Fixed()) { Duplicate = true }, ReceiptLeaf.Encode(Fixed())));
    }

    public static TheoryData<string, string> Alterations => new()
    {
        { "document_id", "document_id is 01890a5d-ac96-774b-bcce-b302099a8058 but the leaf says 01890a5d-ac96-774b-bcce-b302099a8057" },
        { "document_id text", "document_id 'not-a-uuid' is not a UUID; the leaf says 01890a5d-ac96-774b-bcce-b302099a8057" },
        { "accepted_at", "accepted_at is 2026-01-01T00:00:00.124Z but the leaf says 2026-01-01T00:00:00.123Z" },
        { "accepted_at nanos", "accepted_at is 2026-01-01T00:00:00.123000001Z, which the leaf cannot hold; the leaf says 2026-01-01T00:00:00.123Z" },
        { "sequence", "sequence is 72623859790382857 but the leaf says 72623859790382856" },
        { "header_digest", "header_digest is a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf00 but the leaf says a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf" },
        { "redirection added", "the receipt has 2 redirections but the leaf has 1" },
        { "from_code", "redirections[0].from_code is '000.00.00.H42' but the leaf says '000.00.00.H41'" },
        { "to_code", "redirections[0].to_code is 'Sở Y tế.' but the leaf says 'Sở Y tế'" },
        { "effective_at", "redirections[0].effective_at is 1970-01-01T00:00:00.000Z but the leaf says 1969-12-31T23:59:59.999Z" },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public void FindMismatch_ChangedReceiptField_NamesTheFieldAndBothValues(string field, string expected)
    {
        var leaf = ReceiptLeaf.Encode(Fixed());
        var receipt = Fixed();
        switch (field)
        {
            case "document_id": receipt.DocumentId = "01890a5d-ac96-774b-bcce-b302099a8058"; break;
            case "document_id text": receipt.DocumentId = "not-a-uuid"; break;
            case "accepted_at": receipt.AcceptedAt.Nanos += 1_000_000; break;
            case "accepted_at nanos": receipt.AcceptedAt.Nanos += 1; break;
            case "sequence": receipt.Sequence++; break;
            case "header_digest": receipt.HeaderDigest = ByteString.CopyFrom([.. receipt.HeaderDigest.Span, 0x00]); break;
            case "redirection added": receipt.Redirections.Add(receipt.Redirections[0].Clone()); break;
            case "from_code": receipt.Redirections[0].FromCode = "000.00.00.H42"; break;
            case "to_code": receipt.Redirections[0].ToCode += "."; break;
            case "effective_at": receipt.Redirections[0].EffectiveAt = new Timestamp(); break;
        }

        Assert.Equal(expected, ReceiptLeaf.FindMismatch(receipt, leaf));
    }

    public static TheoryData<string, string> BrokenLeaves => new()
    {
        { "truncated", "the leaf is not a receipt leaf: the leaf is 81 bytes; a receipt leaf has at least 82" },
        { "label", "the leaf is not a receipt leaf: the leaf does not start with \"axis.v1.receipt\"" },
        { "version", "the leaf is not a receipt leaf: the leaf has version 2; this code reads version 1" },
        { "trailing", "the leaf is not a receipt leaf: the leaf has 1 bytes after its last redirection" },
        { "code length", "the leaf is not a receipt leaf: redirection 0's from_code is 200 bytes long but the leaf ends after 33" },
        { "not utf-8", "the leaf is not a receipt leaf: redirection 0's from_code is not UTF-8" },
    };

    [Theory]
    [MemberData(nameof(BrokenLeaves))]
    public void FindMismatch_LeafThatBreaksTheLayout_SaysWhere(string damage, string expected)
    {
        var leaf = ReceiptLeaf.Encode(Fixed());
        leaf = damage switch
        {
            "truncated" => leaf[..81],
            "label" => [.. leaf[..4], (byte)'X', .. leaf[5..]],
            "version" => [.. leaf[..15], 0x02, .. leaf[16..]],
            "trailing" => [.. leaf, 0x00],
            "code length" => [.. leaf[..82], 200, .. leaf[83..]],
            "not utf-8" => [.. leaf[..83], 0xC3, 0x28, .. leaf[85..]],
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };

        Assert.Equal(expected, ReceiptLeaf.FindMismatch(Fixed(), leaf));
    }

    public static TheoryData<string, string> Unencodable => new()
    {
        { "uuid", "document_id: '{01890a5d-ac96-774b-bcce-b302099a8057}' is not a UUID (8-4-4-4-12 hex digits)" },
        { "no time", "accepted_at is missing" },
        { "sub-millisecond", "accepted_at: 2026-01-01T00:00:00.123000500Z is not a whole millisecond; receipts carry Unix milliseconds" },
        { "digest", "header_digest: 31 bytes, expected 32 (SHA-256)" },
        { "long code", "redirections[0].to_code: 256 UTF-8 bytes, at most 255 fit a leaf" },
        { "lone surrogate", "redirections[0].from_code: '\ud800' is not valid Unicode text" },
        { "no effective_at", "redirections[0].effective_at is missing" },
    };

    [Theory]
    [MemberData(nameof(Unencodable))]
    public void Encode_ReceiptWithoutAnExactLeafForm_IsRefusedNamingTheField(string fault, string expected)
    {
        var receipt = Fixed();
        switch (fault)
        {
            case "uuid": receipt.DocumentId = "{" + receipt.DocumentId + "}"; break;
            case "no time": receipt.AcceptedAt = null; break;
            case "sub-millisecond": receipt.AcceptedAt.Nanos += 500; break;
            case "digest": receipt.HeaderDigest = ByteString.CopyFrom(new byte[31]); break;
            case "long code": receipt.Redirections[0].ToCode = new string('x', 256); break;
            case "lone surrogate": receipt.Redirections[0].FromCode = "\ud800"; break;
            case "no effective_at": receipt.Redirections[0].EffectiveAt = null; break;
        }

        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => ReceiptLeaf.Encode(receipt)).Message);
    }
}
