using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// How a SignerInfo's signature is to be checked: the key family, the hash (always the signer's digest
/// algorithm, RFC 5652 §5.4) and, for RSA, the padding.
/// </summary>
internal readonly record struct SignatureAlgorithm(KeyFamily Family, HashAlgorithmName Hash, RSASignaturePadding? Padding)
{
    /// <summary>
    /// Reads a SignerInfo's signatureAlgorithm. A hash named inside the algorithm (ecdsa-with-SHA384,
    /// sha256WithRSAEncryption, PSS parameters) must be the signer's digest algorithm: a signature whose
    /// two halves disagree is not one any honest signer makes, so it is refused rather than resolved.
    /// </summary>
    public static SignatureAlgorithm Resolve(string oid, ReadOnlyMemory<byte>? parameters, HashAlgorithmName digest, string digestOid)
    {
        switch (oid)
        {
            case CmsOids.EcPublicKey: // some signers name the key, not the signature; the digest says the hash
                RequireNoParameters(oid, parameters, allowNull: false);
                return new(KeyFamily.Ecdsa, digest, null);
            case CmsOids.EcdsaWithSha1 or CmsOids.EcdsaWithSha224 or CmsOids.EcdsaWithSha256 or CmsOids.EcdsaWithSha384 or CmsOids.EcdsaWithSha512:
                RequireSameHash(oid, HashOf(oid), digest, digestOid);
                RequireNoParameters(oid, parameters, allowNull: false);
                return new(KeyFamily.Ecdsa, digest, null);
            case CmsOids.RsaEncryption:
                RequireNoParameters(oid, parameters, allowNull: true);
                return new(KeyFamily.Rsa, digest, RSASignaturePadding.Pkcs1);
            case CmsOids.Md5WithRsa or CmsOids.Sha1WithRsa or CmsOids.Sha224WithRsa or CmsOids.Sha256WithRsa or CmsOids.Sha384WithRsa or CmsOids.Sha512WithRsa:
                RequireSameHash(oid, HashOf(oid), digest, digestOid);
                RequireNoParameters(oid, parameters, allowNull: true);
                return new(KeyFamily.Rsa, digest, RSASignaturePadding.Pkcs1);
            case CmsOids.RsaPss:
                CheckPssParameters(parameters, digest, digestOid);
                return new(KeyFamily.Rsa, digest, RSASignaturePadding.Pss);
            default:
                throw AlgorithmPolicy.Weak($"signature algorithm {CmsOids.Describe(oid)} is not accepted; use RSA (PKCS#1 v1.5 or PSS) or ECDSA");
        }
    }

    private static string HashOf(string signatureOid) => signatureOid switch
    {
        CmsOids.EcdsaWithSha1 or CmsOids.Sha1WithRsa => CmsOids.Sha1,
        CmsOids.Md5WithRsa => CmsOids.Md5,
        CmsOids.EcdsaWithSha224 or CmsOids.Sha224WithRsa => CmsOids.Sha224,
        CmsOids.EcdsaWithSha256 or CmsOids.Sha256WithRsa => CmsOids.Sha256,
        CmsOids.EcdsaWithSha384 or CmsOids.Sha384WithRsa => CmsOids.Sha384,
        _ => CmsOids.Sha512,
    };

    private static void RequireSameHash(string signatureOid, string hashOid, HashAlgorithmName digest, string digestOid)
    {
        // The policy speaks first, so "SHA-1" is reported as weak, not as a disagreement.
        if (AlgorithmPolicy.CheckDigest(hashOid) != digest)
        {
            throw Malformed($"signature algorithm {CmsOids.Describe(signatureOid)} disagrees with the digest algorithm {CmsOids.Describe(digestOid)}");
        }
    }

    private static void RequireNoParameters(string oid, ReadOnlyMemory<byte>? parameters, bool allowNull)
    {
        if (parameters is not { } encoded)
            return;
        if (allowNull && encoded.Span.SequenceEqual(DerNull))
            return;
        throw Malformed($"signature algorithm {CmsOids.Describe(oid)} has unexpected parameters");
    }

    /// <summary>
    /// RSASSA-PSS-params (RFC 4055): the hash and the MGF1 hash must be the digest algorithm, the salt as
    /// long as the hash and the trailer field 1. That is what every CMS signer we interoperate with makes
    /// and what .NET's verifier requires; the ASN.1 defaults (SHA-1, salt 20) are therefore refused.
    /// </summary>
    private static void CheckPssParameters(ReadOnlyMemory<byte>? parameters, HashAlgorithmName digest, string digestOid)
    {
        if (parameters is not { } encoded)
            throw Malformed("RSASSA-PSS without parameters");
        var hashOid = CmsOids.Sha1;
        var mgfOid = CmsOids.Mgf1;
        var mgfHashOid = CmsOids.Sha1;
        var saltLength = 20;
        var trailer = 1;
        try
        {
            var sequence = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                hashOid = ReadAlgorithmOid(sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)), out _);
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                mgfOid = ReadAlgorithmOid(sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)), out var mgfParameters);
                mgfHashOid = mgfParameters is { } mgfEncoded ? ReadAlgorithmOid(new AsnReader(mgfEncoded, AsnEncodingRules.DER), out _) : "?";
            }

            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
                saltLength = ReadExplicitInt(sequence, 2);
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3)))
                trailer = ReadExplicitInt(sequence, 3);
            sequence.ThrowIfNotEmpty();
        }
        catch (AsnContentException ex)
        {
            throw Malformed($"the RSASSA-PSS parameters cannot be read: {ex.Message}");
        }

        if (AlgorithmPolicy.CheckDigest(hashOid) != digest)
            throw Malformed($"RSASSA-PSS with hash {CmsOids.Describe(hashOid)} disagrees with the digest algorithm {CmsOids.Describe(digestOid)}");
        if (mgfOid != CmsOids.Mgf1 || mgfHashOid != hashOid)
            throw AlgorithmPolicy.Weak($"RSASSA-PSS mask generation {CmsOids.Describe(mgfOid)} with {CmsOids.Describe(mgfHashOid)} is not accepted; use MGF1 with the signature's hash");
        var hashLength = digest == HashAlgorithmName.SHA256 ? 32 : digest == HashAlgorithmName.SHA384 ? 48 : 64;
        if (saltLength != hashLength)
            throw AlgorithmPolicy.Weak($"RSASSA-PSS salt of {saltLength} bytes is not accepted; use a salt as long as the hash ({hashLength} bytes)");
        if (trailer != 1)
            throw Malformed($"RSASSA-PSS trailer field {trailer}; only 1 is defined");
    }

    private static string ReadAlgorithmOid(AsnReader reader, out ReadOnlyMemory<byte>? parameters)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        // Not "? ReadEncodedValue() : null": null would convert to an empty memory through byte[], not to no parameters.
        parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : default(ReadOnlyMemory<byte>?);
        algorithm.ThrowIfNotEmpty();
        reader.ThrowIfNotEmpty();
        return oid;
    }

    private static int ReadExplicitInt(AsnReader sequence, int tag)
    {
        var inner = sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, tag));
        if (!inner.TryReadInt32(out var value))
            throw new AsnContentException($"the integer [{tag}] is out of range");
        inner.ThrowIfNotEmpty();
        return value;
    }

    private static ReadOnlySpan<byte> DerNull => [0x05, 0x00];

    private static SignatureException Malformed(string reason) => new(SignatureFailure.Malformed, reason);
}
