using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// A certificate seen in a CMS, parsed once: what identifies it as a signer (issuer and serial number,
/// subject key identifier), the policy's verdict on its key, and the key objects that verify with it.
/// </summary>
internal sealed class CachedCertificate
{
    private readonly byte[] _issuer;
    private readonly byte[] _serial;
    private readonly byte[]? _subjectKeyIdentifier;
    private readonly KeyFamily? _family;
    private readonly SignatureFailure _refusal;
    private readonly string? _refusalReason;
    private readonly VerificationKeys? _keys;
    private int _used = 1;

    private CachedCertificate(byte[] der, X509Certificate2 certificate)
    {
        Der = der;
        Certificate = certificate;
        _issuer = certificate.IssuerName.RawData;
        _serial = certificate.SerialNumberBytes.ToArray();
        _subjectKeyIdentifier = certificate.Extensions[Oids.SubjectKeyIdentifier] is X509SubjectKeyIdentifierExtension ski
            ? ski.SubjectKeyIdentifierBytes.ToArray()
            : null;
        try
        {
            // Judged now, for every certificate, but held against it only when it is the signer's:
            // chain certificates are the trust checker's business.
            _family = AlgorithmPolicy.Classify(certificate.PublicKey);
            _keys = new VerificationKeys(certificate, _family.Value);
        }
        catch (SignatureException ex)
        {
            _refusal = ex.Failure;
            _refusalReason = ex.Message;
        }
    }

    /// <summary>The certificate's DER, the cache key.</summary>
    public byte[] Der { get; }

    /// <summary>Shared by every verification that sees this certificate; never disposed by the cache (see <see cref="SignatureCheck"/>).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Parses a certificate; one that cannot be read makes the CMS malformed.</summary>
    public static CachedCertificate Load(ReadOnlySpan<byte> der)
    {
        var copy = der.ToArray();
        X509Certificate2? certificate = null;
        try
        {
            CertificateShape.Check(copy);
            certificate = X509CertificateLoader.LoadCertificate(copy);
            // OpenSSL parses some fields only when asked: ask now, so that a field it cannot read
            // refuses the CMS here rather than failing the trust checker later. (Names need no asking:
            // CertificateShape has read every attribute of both.)
            _ = (certificate.Version, certificate.NotBefore, certificate.NotAfter, certificate.PublicKey.EncodedKeyValue);
            DecodeExtensions(certificate);
            return new CachedCertificate(copy, certificate);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException)
        {
            certificate?.Dispose();
            throw Malformed($"a certificate in the CMS cannot be read: {ex.Message}");
        }
    }

    /// <summary>
    /// Decodes the extensions .NET knows, which it otherwise does only when asked: basic constraints and
    /// key usage are decoded by BouncyCastle on loading, and all of these by the trust checker later.
    /// </summary>
    private static void DecodeExtensions(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            _ = extension switch
            {
                X509BasicConstraintsExtension basic => (basic.CertificateAuthority, basic.PathLengthConstraint).GetHashCode(),
                X509KeyUsageExtension usage => (int)usage.KeyUsages,
                X509SubjectKeyIdentifierExtension keyIdentifier => keyIdentifier.SubjectKeyIdentifierBytes.Length,
                X509EnhancedKeyUsageExtension enhanced => enhanced.EnhancedKeyUsages.Count,
                X509AuthorityKeyIdentifierExtension authority => authority.KeyIdentifier?.Length ?? 0,
                _ => 0,
            };
        }
    }

    /// <summary>True when the SignerInfo's identifier names this certificate.</summary>
    public bool Identifies(SignedDataParts parts) => parts.SignerKeyIdentifier is { } keyIdentifier
        ? _subjectKeyIdentifier is not null && keyIdentifier.Span.SequenceEqual(_subjectKeyIdentifier)
        : parts.SignerIssuer.Span.SequenceEqual(_issuer) && parts.SignerSerial.Span.SequenceEqual(_serial);

    /// <summary>The family of the key, once the policy has accepted it; refuses a key the policy does not accept.</summary>
    public KeyFamily AcceptedFamily => _family ?? throw new SignatureException(_refusal, _refusalReason ?? "the signer's key is refused");

    /// <summary>Verifies a signature over a hash with this certificate's key (ECDSA signatures in CMS are DER SEQUENCEs).</summary>
    public bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, SignatureAlgorithm algorithm)
    {
        var keys = _keys ?? throw new InvalidOperationException("the key was refused by the policy");
        var key = keys.Rent();
        try
        {
            return algorithm.Family == KeyFamily.Ecdsa
                ? ((ECDsa)key).VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence)
                : ((RSA)key).VerifyHash(hash, signature, algorithm.Hash, algorithm.Padding ?? RSASignaturePadding.Pkcs1);
        }
        finally
        {
            keys.Return(key);
        }
    }

    /// <summary>Marks the entry as used since the cache last looked (the cache evicts entries that were not).</summary>
    public void MarkUsed()
    {
        // Read first: a hot entry stays 1, and its cache line is not written on every hit.
        if (Volatile.Read(ref _used) == 0)
            Volatile.Write(ref _used, 1);
    }

    /// <summary>Clears the mark and tells whether it was set.</summary>
    public bool TakeUsed() => Interlocked.Exchange(ref _used, 0) == 1;

    private static SignatureException Malformed(string reason) => new(SignatureFailure.Malformed, reason);

    private static class Oids
    {
        public const string SubjectKeyIdentifier = "2.5.29.14";
    }
}
