using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// Verifies a detached CMS SignedData (RFC 5652, DER) made over a document header's bytes: exactly the
/// bytes received, never a re-serialisation. It checks the signature only; trust in the signer's
/// certificate is the caller's to establish. Thread-safe: one instance serves every worker.
/// </summary>
/// <remarks>
/// Measured against .NET's <c>SignedCms</c> and BouncyCastle (docs/benchmarks.md), the fastest correct
/// way is to read the SignedData once with a strict DER reader, compare the message-digest attribute
/// with a hash of the header, and verify the signature over the signed attributes with a .NET key
/// taken from a bounded cache keyed by the certificate's bytes: parsing certificates is what makes the
/// libraries slow. It refuses everything those libraries refuse, and more (BER, attached content,
/// several signers, algorithms outside <see cref="AlgorithmPolicy"/>).
/// </remarks>
public sealed class DetachedSignatureVerifier
{
    /// <summary>Distinct certificates kept parsed; a few per sending organisation fits thousands of senders.</summary>
    public const int DefaultCertificateCacheCapacity = 4096;

    // Signed attributes of this size or less are re-tagged on the stack; larger ones in a pooled buffer.
    private const int StackLimit = 1024;

    // The DER identifier octet of a universal, constructed SET (OF).
    private const byte SetOfTag = 0x31;

    private readonly CertificateCache _certificates;

    public DetachedSignatureVerifier(int certificateCacheCapacity = DefaultCertificateCacheCapacity)
    {
        _certificates = new CertificateCache(certificateCacheCapacity);
    }

    /// <summary>How many certificates the cache holds now.</summary>
    internal int CachedCertificates => _certificates.Count;

    /// <summary>
    /// Verifies <paramref name="cms"/> as a detached signature of <paramref name="content"/>; throws
    /// <see cref="SignatureException"/> (Missing, Malformed, SignerCertificateMissing, Tampered or
    /// WeakAlgorithm) when it does not verify.
    /// </summary>
    public SignatureCheck Verify(ReadOnlyMemory<byte> content, ReadOnlyMemory<byte> cms)
    {
        if (cms.IsEmpty)
            throw new SignatureException(SignatureFailure.Missing, "no signature came with the header; a detached CMS signature of the header bytes is required");

        var parts = SignedDataReader.Read(cms);
        if (parts.ContentType != CmsOids.Data)
            throw Malformed($"the signed content type is {CmsOids.Describe(parts.ContentType)}; only id-data is accepted");
        var digest = AlgorithmPolicy.CheckDigest(parts.DigestAlgorithm);
        var algorithm = SignatureAlgorithm.Resolve(parts.SignatureAlgorithm, parts.SignatureParameters, digest, parts.DigestAlgorithm);

        var (signer, others) = FindSigner(parts);
        var family = signer.AcceptedFamily;
        if (family != algorithm.Family)
        {
            throw Malformed($"the signature algorithm {CmsOids.Describe(parts.SignatureAlgorithm)} does not fit the signer's " +
                (family == KeyFamily.Rsa ? "RSA" : "ECDSA") + " key");
        }

        var attributes = SignedAttributes.Read(parts.SignedAttributes);
        if (attributes.ContentType != parts.ContentType)
        {
            throw Malformed($"the content-type attribute {CmsOids.Describe(attributes.ContentType)} differs from the " +
                $"signed content type {CmsOids.Describe(parts.ContentType)}");
        }

        Span<byte> hash = stackalloc byte[SHA512.HashSizeInBytes];
        var length = Hash(digest, content.Span, hash);
        if (!CryptographicOperations.FixedTimeEquals(attributes.MessageDigest.Span, hash[..length]))
            throw Tampered($"the message-digest attribute is not the {digest.Name} of the header");

        length = HashSignedAttributes(parts.SignedAttributes.Span, digest, hash);
        bool verified;
        try
        {
            verified = signer.VerifyHash(hash[..length], parts.Signature.Span, algorithm);
        }
        catch (CryptographicException ex)
        {
            throw Tampered($"the signature value cannot be used: {ex.Message}");
        }

        if (!verified)
            throw Tampered("the signature over the signed attributes does not verify with the signer's key");
        return new SignatureCheck(signer.Certificate, others, digest, attributes.SigningTime);
    }

    private (CachedCertificate Signer, X509Certificate2[] Others) FindSigner(SignedDataParts parts)
    {
        var all = new CachedCertificate[parts.Certificates.Count];
        CachedCertificate? signer = null;
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = _certificates.Get(parts.Certificates[i].Span);
            if (signer is null && all[i].Identifies(parts))
                signer = all[i];
        }

        if (signer is null)
            throw new SignatureException(SignatureFailure.SignerCertificateMissing, $"the signer's certificate ({DescribeSigner(parts)}) is not in the CMS; include it when signing");
        if (all.Length == 1)
            return (signer, []);
        var others = new X509Certificate2[all.Length - 1];
        var next = 0;
        var skipped = false;
        foreach (var entry in all)
        {
            // The signer is left out once; should the CMS repeat it, the repeat stays with the others.
            if (!skipped && ReferenceEquals(entry, signer))
                skipped = true;
            else
                others[next++] = entry.Certificate;
        }

        return (signer, others);
    }

    private static string DescribeSigner(SignedDataParts parts)
    {
        if (parts.SignerKeyIdentifier is { } keyIdentifier)
            return $"subject key identifier {Convert.ToHexString(keyIdentifier.Span)}";
        string issuer;
        try
        {
            issuer = new X500DistinguishedName(parts.SignerIssuer.Span).Name;
        }
        catch (CryptographicException)
        {
            issuer = "an unreadable name";
        }

        return $"issuer {issuer}, serial number {Convert.ToHexString(parts.SignerSerial.Span)}";
    }

    /// <summary>
    /// Hashes the signed attributes as the signature covers them: their DER with the SET OF tag (0x31)
    /// instead of the [0] IMPLICIT tag they travel under (RFC 5652 §5.4).
    /// </summary>
    private static int HashSignedAttributes(ReadOnlySpan<byte> attributes, HashAlgorithmName digest, Span<byte> destination)
    {
        byte[]? rented = null;
        var buffer = attributes.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(attributes.Length));
        try
        {
            buffer = buffer[..attributes.Length];
            attributes.CopyTo(buffer);
            buffer[0] = SetOfTag;
            return Hash(digest, buffer, destination);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Hash(HashAlgorithmName digest, ReadOnlySpan<byte> source, Span<byte> destination) =>
        digest == HashAlgorithmName.SHA256 ? SHA256.HashData(source, destination)
        : digest == HashAlgorithmName.SHA384 ? SHA384.HashData(source, destination)
        : SHA512.HashData(source, destination);

    private static SignatureException Malformed(string reason) => new(SignatureFailure.Malformed, reason);

    private static SignatureException Tampered(string detail) => new(SignatureFailure.Tampered, $"the header bytes do not match the signature: {detail}");
}
