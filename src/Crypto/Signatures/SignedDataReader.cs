using System.Formats.Asn1;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// Reads a detached CMS SignedData (RFC 5652 §5) with exactly one signer, strictly as DER. Only what the
/// verifier uses is taken apart; the rest is skipped as opaque TLVs. Any fault is a
/// <see cref="SignatureFailure.Malformed"/> refusal that says which part could not be read.
/// </summary>
internal static class SignedDataReader
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);

    public static SignedDataParts Read(ReadOnlyMemory<byte> cms)
    {
        var at = "ContentInfo";
        try
        {
            var outer = new AsnReader(cms, AsnEncodingRules.DER);
            var encoded = outer.ReadEncodedValue();
            if (outer.HasData)
                throw Malformed($"{cms.Length - encoded.Length} bytes follow the CMS ContentInfo");
            var contentInfo = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
            var contentType = contentInfo.ReadObjectIdentifier();
            if (contentType != CmsOids.SignedData)
                throw Malformed($"the CMS content type is {CmsOids.Describe(contentType)}, not signedData");
            var wrapper = contentInfo.ReadSequence(Context0);
            var signedData = wrapper.ReadSequence();
            wrapper.ThrowIfNotEmpty();
            contentInfo.ThrowIfNotEmpty();

            at = "SignedData version and digest algorithms";
            // Neither decides anything: each signer names its own digest algorithm, and the version
            // follows from the other fields. The algorithms are still read, as the libraries read them.
            _ = signedData.ReadIntegerBytes();
            var digestAlgorithms = signedData.ReadSetOf(skipSortOrderValidation: true);
            while (digestAlgorithms.HasData)
                _ = ReadAlgorithm(digestAlgorithms, out _);

            at = "encapsulated content info";
            var encapsulated = signedData.ReadSequence();
            var eContentType = encapsulated.ReadObjectIdentifier();
            if (encapsulated.HasData)
            {
                var attached = encapsulated.ReadSequence(Context0).PeekContentBytes().Length;
                throw Malformed($"the CMS carries content inside it ({attached} bytes of encoded content); " +
                    "the signature must be detached, with the header sent beside it");
            }

            at = "certificates";
            var certificates = new List<ReadOnlyMemory<byte>>(2);
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context0))
            {
                // Unsigned, so a signer's library may not have sorted them: order is not enforced here.
                var set = signedData.ReadSetOf(skipSortOrderValidation: true, Context0);
                while (set.HasData)
                {
                    // Attribute and other certificate choices are refused rather than skipped: no sender
                    // has a use for them here, and skipping would accept tags no CertificateChoices allows.
                    var tag = set.PeekTag();
                    if (tag != Asn1Tag.Sequence)
                        throw Malformed($"the CMS carries a certificate of another kind than X.509 (tag {tag}); only X.509 certificates are accepted");
                    certificates.Add(set.ReadEncodedValue());
                }
            }

            at = "revocation information";
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context1))
                _ = signedData.ReadEncodedValue(); // revocation is checked elsewhere, from the issuers' own sources

            at = "signer infos";
            var signerInfos = signedData.ReadSetOf(skipSortOrderValidation: true);
            signedData.ThrowIfNotEmpty();
            var signers = new List<ReadOnlyMemory<byte>>(1);
            while (signerInfos.HasData)
                signers.Add(signerInfos.ReadEncodedValue());
            if (signers.Count != 1)
            {
                throw Malformed(signers.Count == 0
                    ? "the CMS has no signer; exactly one is required"
                    : $"the CMS has {signers.Count} signers; exactly one is required");
            }

            at = "signer info";
            return ReadSigner(signers[0], eContentType, certificates);
        }
        catch (AsnContentException ex)
        {
            throw Malformed($"the signature is not a DER CMS SignedData: cannot read the {at}: {ex.Message}");
        }
    }

    private static SignedDataParts ReadSigner(ReadOnlyMemory<byte> encoded, string contentType, List<ReadOnlyMemory<byte>> certificates)
    {
        var signer = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
        _ = signer.ReadIntegerBytes(); // version 1 or 3 follows from the identifier's choice

        ReadOnlyMemory<byte> issuer = default, serial = default;
        ReadOnlyMemory<byte>? keyIdentifier = null;
        if (signer.PeekTag() == Asn1Tag.Sequence)
        {
            var issuerAndSerial = signer.ReadSequence();
            if (issuerAndSerial.PeekTag() != Asn1Tag.Sequence)
                throw new AsnContentException("the signer's issuer is not a Name");
            issuer = issuerAndSerial.ReadEncodedValue();
            serial = issuerAndSerial.ReadIntegerBytes();
            issuerAndSerial.ThrowIfNotEmpty();
        }
        else
        {
            keyIdentifier = ReadOctets(signer, Context0);
        }

        var digestAlgorithm = ReadAlgorithm(signer, out var digestParameters);
        if (digestParameters is { } digestEncoded && !digestEncoded.Span.SequenceEqual(DerNull))
            throw Malformed($"the digest algorithm {CmsOids.Describe(digestAlgorithm)} has parameters; none are defined");

        if (!signer.HasData || !signer.PeekTag().HasSameClassAndValue(Context0))
            throw Malformed("the signer has no signed attributes; content-type and message-digest are required");
        var signedAttributes = signer.ReadEncodedValue();

        var signatureAlgorithm = ReadAlgorithm(signer, out var signatureParameters);
        var signature = ReadOctets(signer, Asn1Tag.PrimitiveOctetString);
        if (signer.HasData && signer.PeekTag().HasSameClassAndValue(Context1))
            _ = signer.ReadEncodedValue(); // unsigned attributes (counter-signatures, time stamps) vouch for nothing here
        signer.ThrowIfNotEmpty();

        return new SignedDataParts
        {
            ContentType = contentType,
            Certificates = certificates,
            SignerIssuer = issuer,
            SignerSerial = serial,
            SignerKeyIdentifier = keyIdentifier,
            DigestAlgorithm = digestAlgorithm,
            SignedAttributes = signedAttributes,
            SignatureAlgorithm = signatureAlgorithm,
            SignatureParameters = signatureParameters,
            Signature = signature,
        };
    }

    private static string ReadAlgorithm(AsnReader reader, out ReadOnlyMemory<byte>? parameters)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        // Not "? ReadEncodedValue() : null": null would convert to an empty memory through byte[], not to no parameters.
        parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : default(ReadOnlyMemory<byte>?);
        algorithm.ThrowIfNotEmpty();
        return oid;
    }

    /// <summary>An OCTET STRING's contents as a slice of the input (DER octet strings are always primitive).</summary>
    private static ReadOnlyMemory<byte> ReadOctets(AsnReader reader, Asn1Tag tag) =>
        reader.TryReadPrimitiveOctetString(out var contents, tag)
            ? contents
            : throw new AsnContentException("a constructed OCTET STRING is not DER");

    private static ReadOnlySpan<byte> DerNull => [0x05, 0x00];

    private static SignatureException Malformed(string reason) => new(SignatureFailure.Malformed, reason);
}
