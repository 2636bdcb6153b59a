using System.Formats.Asn1;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// Looks at the first bytes of what should be an envelope, to say precisely what it is when it is not
/// one: a plain file, another CMS type (a signature, authEnvelopedData from <c>openssl cms -encrypt
/// -aes-256-gcm</c>), something else in ASN.1. The full parse is BouncyCastle's.
/// </summary>
internal static class EnvelopeProbe
{
    /// <summary>Enough for the ContentInfo's SEQUENCE header and its content type OID.</summary>
    public const int HeadBytes = 32;

    /// <exception cref="EnvelopeException">NotEnvelopedData, saying what the bytes are instead.</exception>
    public static void Check(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
            throw Not("it is empty");
        if (head[0] != 0x30)
            throw Not($"it does not start with an ASN.1 SEQUENCE (first byte 0x{head[0]:X2})");
        if (head.Length < 2)
            throw Not("it ends inside its first ASN.1 header");
        var at = 2;
        var lengthOctet = head[1];
        if (lengthOctet > 0x84)
            throw Not($"its first ASN.1 length uses {lengthOctet & 0x7F} octets");
        if (lengthOctet > 0x80)
            at += lengthOctet & 0x7F; // long form; 0x80 alone is BER's indefinite length, also a valid ContentInfo.
        if (head.Length < at + 2 || head[at] != 0x06 || head[at + 1] >= 0x80 || head.Length < at + 2 + head[at + 1])
            throw Not("its first ASN.1 SEQUENCE does not start with a content type (an OID), so it is not a CMS ContentInfo");

        string oid;
        try
        {
            oid = AsnDecoder.ReadObjectIdentifier(head.Slice(at, 2 + head[at + 1]), AsnEncodingRules.BER, out _);
        }
        catch (AsnContentException)
        {
            throw Not("its content type is not a valid OID, so it is not a CMS ContentInfo");
        }

        if (oid == EnvelopeOids.EnvelopedData)
            return;
        throw Not(EnvelopeOids.ContentTypeName(oid) is { } name
            ? $"it is CMS {name} ({oid})"
            : $"it is an ASN.1 structure starting with OID {oid}, not a CMS content type");
    }

    private static EnvelopeException Not(string what) => new(EnvelopeFailure.NotEnvelopedData, $"the payload is not CMS EnvelopedData: {what}");
}
