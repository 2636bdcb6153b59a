using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// Makes the detached CMS SignedData (RFC 5652, DER) a sender attaches to a document header: signed
/// attributes content-type, message-digest and signing-time; the signer identified by issuer and serial
/// number; the signer's certificate included, with any chain certificates given. SHA-384 for a P-384
/// key, SHA-256 otherwise; RSA signs with PKCS#1 v1.5 unless PSS is asked for. Refuses keys that
/// <see cref="AlgorithmPolicy"/> would refuse, so a sender learns before sending.
/// </summary>
/// <remarks>
/// Built on .NET's <see cref="SignedCms"/>: it signs faster than BouncyCastle (docs/benchmarks.md), and
/// its output verifies with OpenSSL, BouncyCastle and <see cref="DetachedSignatureVerifier"/>.
/// Thread-safe: concurrent calls take turns with the one private key object.
/// </remarks>
public sealed class DetachedSigner : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2[] _chain;
    private readonly AsymmetricAlgorithm _key;
    private readonly Oid _digest;
    private readonly RSASignaturePadding? _pssPadding;
    private readonly TimeProvider _time;
    private readonly bool _ownsCertificates;
    private readonly Lock _signing = new();

    /// <summary>
    /// A signer for <paramref name="certificate"/>, which must hold its private key. The certificates
    /// stay the caller's to dispose.
    /// </summary>
    /// <param name="chain">Certificates to include after the signer's, such as intermediates, for the receiver's chain building.</param>
    /// <param name="rsaPadding">RSA only: <see cref="RSASignaturePadding.Pss"/> for RSASSA-PSS; PKCS#1 v1.5 when null.</param>
    /// <param name="time">The clock the signing-time attribute is read from; the system clock when null.</param>
    public DetachedSigner(
        X509Certificate2 certificate,
        IEnumerable<X509Certificate2>? chain = null,
        RSASignaturePadding? rsaPadding = null,
        TimeProvider? time = null)
        : this(certificate, chain?.ToArray() ?? [], rsaPadding, time, ownsCertificates: false)
    {
    }

    private DetachedSigner(X509Certificate2 certificate, X509Certificate2[] chain, RSASignaturePadding? rsaPadding, TimeProvider? time, bool ownsCertificates)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException("the signing certificate has no private key", nameof(certificate));
        AlgorithmPolicy.CheckPublicKey(certificate.PublicKey);
        _key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("the signing key is neither ECDSA nor RSA", nameof(certificate));
        if (rsaPadding is not null && _key is not RSA)
            throw new ArgumentException("an RSA padding was given for an ECDSA key", nameof(rsaPadding));
        if (rsaPadding is not null && rsaPadding != RSASignaturePadding.Pkcs1 && rsaPadding != RSASignaturePadding.Pss)
            throw new ArgumentException("the RSA padding must be PKCS#1 v1.5 or PSS", nameof(rsaPadding));

        _certificate = certificate;
        _chain = chain;
        _digest = new Oid(_key is ECDsa { KeySize: 384 } ? CmsOids.Sha384 : CmsOids.Sha256);
        _pssPadding = rsaPadding == RSASignaturePadding.Pss ? rsaPadding : null;
        _time = time ?? TimeProvider.System;
        _ownsCertificates = ownsCertificates;
    }

    /// <summary>The signer's certificate.</summary>
    public X509Certificate2 Certificate => _certificate;

    /// <summary>
    /// A signer from PEM files: <paramref name="certificatePath"/> holds the signer's certificate first,
    /// then any chain certificates to include; <paramref name="keyPath"/> its unencrypted private key
    /// (PKCS#8, or SEC1 / PKCS#1). The signer owns and disposes what it loaded.
    /// </summary>
    public static DetachedSigner LoadPem(string certificatePath, string keyPath, RSASignaturePadding? rsaPadding = null)
    {
        X509Certificate2 signer;
        var all = new X509Certificate2Collection();
        try
        {
            // CreateFromPemFile takes the file's first certificate and checks that the key belongs to it.
            signer = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"cannot load the signing certificate '{certificatePath}' with the key '{keyPath}': {ex.Message}", ex);
        }

        try
        {
            all.ImportFromPemFile(certificatePath);
        }
        catch (CryptographicException ex)
        {
            signer.Dispose();
            throw new InvalidDataException($"cannot read the certificates in '{certificatePath}': {ex.Message}", ex);
        }

        var chain = new List<X509Certificate2>();
        foreach (var certificate in all)
        {
            if (certificate.RawDataMemory.Span.SequenceEqual(signer.RawDataMemory.Span))
                certificate.Dispose();
            else
                chain.Add(certificate);
        }

        try
        {
            return new DetachedSigner(signer, [.. chain], rsaPadding, null, ownsCertificates: true);
        }
        catch
        {
            signer.Dispose();
            foreach (var certificate in chain)
                certificate.Dispose();
            throw;
        }
    }

    /// <summary>The DER CMS SignedData of <paramref name="content"/>, without the content (detached).</summary>
    public byte[] Sign(ReadOnlySpan<byte> content)
    {
        var cms = new SignedCms(new ContentInfo(content.ToArray()), detached: true);
        var signer = _pssPadding is null
            ? new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate, _key)
            : new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate, (RSA)_key, _pssPadding);
        signer.DigestAlgorithm = _digest;
        // EndCertOnly: without it SignedCms builds a chain against the machine's stores to decide what to include.
        signer.IncludeOption = X509IncludeOption.EndCertOnly;
        signer.Certificates.AddRange(_chain);
        // Any signed attribute makes SignedCms add content-type and message-digest as well.
        signer.SignedAttributes.Add(new Pkcs9SigningTime(_time.GetUtcNow().UtcDateTime));
        lock (_signing)
            cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    public void Dispose()
    {
        _key.Dispose();
        if (!_ownsCertificates)
            return;
        _certificate.Dispose();
        foreach (var certificate in _chain)
            certificate.Dispose();
    }
}
