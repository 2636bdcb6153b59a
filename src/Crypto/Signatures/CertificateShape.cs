using System.Formats.Asn1;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// Checks that a certificate is structurally an X.509 v1–v3 certificate (RFC 5280 §4.1) before it is
/// used. .NET reads certificates through OpenSSL, which parses fields lazily and tolerates some that
/// BouncyCastle refuses (a version 4, a 33rd day of a month); checking the structure up front makes the
/// verifier refuse every certificate either library refuses, and makes later reads of the certificate
/// by the trust checker safe. BER is allowed here: certificates are signed by their issuers, not by the
/// sender, and some issuers' encoders are not strictly DER.
/// </summary>
internal static class CertificateShape
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag Context2 = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag Context3 = new(TagClass.ContextSpecific, 3);

    /// <summary>Throws <see cref="AsnContentException"/> naming the first field that is not as RFC 5280 defines it.</summary>
    public static void Check(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.BER);
        var certificate = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        var tbs = certificate.ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Context0))
        {
            var explicitVersion = tbs.ReadSequence(Context0);
            if (!explicitVersion.TryReadInt32(out var version) || version is < 0 or > 2)
                throw new AsnContentException("the certificate's version is not v1, v2 or v3");
            explicitVersion.ThrowIfNotEmpty();
        }

        _ = tbs.ReadIntegerBytes();
        ReadAlgorithm(tbs);
        ReadName(tbs);
        var validity = tbs.ReadSequence();
        ReadTime(validity);
        ReadTime(validity);
        validity.ThrowIfNotEmpty();
        ReadName(tbs);
        var publicKeyInfo = tbs.ReadSequence();
        ReadAlgorithm(publicKeyInfo);
        _ = publicKeyInfo.ReadBitString(out _);
        publicKeyInfo.ThrowIfNotEmpty();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Context1))
            _ = tbs.ReadBitString(out _, Context1);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Context2))
            _ = tbs.ReadBitString(out _, Context2);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Context3))
        {
            var wrapper = tbs.ReadSequence(Context3);
            var extensions = wrapper.ReadSequence();
            wrapper.ThrowIfNotEmpty();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (extensions.HasData)
            {
                var extension = extensions.ReadSequence();
                if (!seen.Add(extension.ReadObjectIdentifier()))
                    throw new AsnContentException("an extension appears twice"); // RFC 5280 §4.2
                if (extension.PeekTag() == Asn1Tag.Boolean)
                    _ = extension.ReadBoolean();
                _ = extension.ReadOctetString();
                extension.ThrowIfNotEmpty();
            }
        }

        tbs.ThrowIfNotEmpty();
        ReadAlgorithm(certificate);
        _ = certificate.ReadBitString(out _);
        certificate.ThrowIfNotEmpty();
    }

    private static void ReadAlgorithm(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        _ = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
            _ = algorithm.ReadEncodedValue();
        algorithm.ThrowIfNotEmpty();
    }

    /// <summary>Name: a SEQUENCE OF RelativeDistinguishedName, each a non-empty SET OF (type OID, value).</summary>
    private static void ReadName(AsnReader reader)
    {
        var name = reader.ReadSequence();
        while (name.HasData)
        {
            var relativeName = name.ReadSetOf(skipSortOrderValidation: true);
            if (!relativeName.HasData)
                throw new AsnContentException("an empty relative distinguished name");
            while (relativeName.HasData)
            {
                var attribute = relativeName.ReadSequence();
                _ = attribute.ReadObjectIdentifier();
                ReadAttributeValue(attribute);
                attribute.ThrowIfNotEmpty();
            }
        }
    }

    /// <summary>Name attribute values are strings in practice; a value of a string type must decode as that type.</summary>
    private static void ReadAttributeValue(AsnReader attribute)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass == TagClass.Universal && !tag.IsConstructed && Enum.IsDefined((UniversalTagNumber)tag.TagValue) && IsCharacterString((UniversalTagNumber)tag.TagValue))
            _ = attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue);
        else
            _ = attribute.ReadEncodedValue();
    }

    private static bool IsCharacterString(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String
        or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String or UniversalTagNumber.BMPString
        or UniversalTagNumber.NumericString or UniversalTagNumber.VisibleString or UniversalTagNumber.T61String
        or UniversalTagNumber.UniversalString;

    private static void ReadTime(AsnReader validity)
    {
        if (validity.PeekTag() == Asn1Tag.UtcTime)
            _ = validity.ReadUtcTime();
        else
            _ = validity.ReadGeneralizedTime();
    }
}
