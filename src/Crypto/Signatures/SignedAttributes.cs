using System.Formats.Asn1;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// The signed attributes the verifier relies on (RFC 5652 §11): content-type and message-digest, both
/// required, and signing-time if present. Each must appear once with one value; other attributes (such
/// as SMIMECapabilities, which OpenSSL adds) are covered by the signature and otherwise ignored.
/// </summary>
internal readonly record struct SignedAttributes(string ContentType, ReadOnlyMemory<byte> MessageDigest, DateTimeOffset? SigningTime)
{
    /// <summary>Reads the [0] IMPLICIT SET OF Attribute as received; DER requires the set to be sorted, and it is checked.</summary>
    public static SignedAttributes Read(ReadOnlyMemory<byte> encoded)
    {
        string? contentType = null;
        ReadOnlyMemory<byte>? messageDigest = null;
        DateTimeOffset? signingTime = null;
        var seenSigningTime = false;
        try
        {
            var outer = new AsnReader(encoded, AsnEncodingRules.DER);
            var set = outer.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0));
            outer.ThrowIfNotEmpty();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var values = attribute.ReadSetOf();
                attribute.ThrowIfNotEmpty();
                switch (type)
                {
                    case CmsOids.ContentTypeAttribute:
                        Once(contentType is not null, "content-type");
                        contentType = values.ReadObjectIdentifier();
                        Single(values, "content-type");
                        break;
                    case CmsOids.MessageDigestAttribute:
                        Once(messageDigest is not null, "message-digest");
                        messageDigest = values.TryReadPrimitiveOctetString(out var digest)
                            ? digest
                            : throw new AsnContentException("the message-digest is a constructed OCTET STRING");
                        Single(values, "message-digest");
                        break;
                    case CmsOids.SigningTimeAttribute:
                        Once(seenSigningTime, "signing-time");
                        seenSigningTime = true;
                        // RFC 5652 §11.3: UTCTime through 2049, GeneralizedTime after.
                        signingTime = values.PeekTag() == Asn1Tag.UtcTime ? values.ReadUtcTime() : values.ReadGeneralizedTime();
                        Single(values, "signing-time");
                        break;
                    default:
                        break;
                }
            }
        }
        catch (AsnContentException ex)
        {
            throw Malformed($"the signed attributes are not DER: {ex.Message}");
        }

        if (contentType is null)
            throw Malformed("the signed attributes have no content-type");
        if (messageDigest is not { } found)
            throw Malformed("the signed attributes have no message-digest");
        return new SignedAttributes(contentType, found, signingTime);
    }

    private static void Once(bool seen, string name)
    {
        if (seen)
            throw Malformed($"the signed attributes carry {name} more than once");
    }

    private static void Single(AsnReader values, string name)
    {
        if (values.HasData)
            throw Malformed($"the {name} attribute has more than one value");
    }

    private static SignatureException Malformed(string reason) => new(SignatureFailure.Malformed, reason);
}
