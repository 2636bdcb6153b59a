using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Trust;

/// <summary>
/// Judges signer certificates: chain to the anchors, validity at acceptance time, key usage, and
/// revocation of every certificate below the anchor. Judgements are cached by the certificate's
/// SHA-256 thumbprint until the earliest of the chain's expiry and the revocation answers'
/// nextUpdate, so a busy sender costs one dictionary lookup per document. Thread-safe.
/// </summary>
public sealed class CertificateTrust
{
    // Distinct signer certificates are in the thousands; past this the cache starts over rather than grow without end.
    private const int MaxCached = 100_000;

    private readonly TrustAnchors _anchors;
    private readonly RevocationChecker _revocation;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TrustedSigner> _cache = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;

    public CertificateTrust(TrustAnchors anchors, TrustOptions options, HttpClient http, TimeProvider time)
    {
        _anchors = anchors;
        _time = time;
        _revocation = new RevocationChecker(new CrlSource(http, options, time), new OcspSource(http, options, time), options, time);
    }

    public TrustAnchors Anchors => _anchors;

    public long CacheHits => Interlocked.Read(ref _hits);

    public long CacheMisses => Interlocked.Read(ref _misses);

    /// <summary>
    /// The judgement on <paramref name="signer"/> at <paramref name="at"/>, chaining through the
    /// configured intermediates and those the signature carried (<paramref name="included"/>).
    /// Throws <see cref="SignatureException"/> with the precise fault.
    /// </summary>
    public async ValueTask<TrustedSigner> CheckAsync(X509Certificate2 signer, IEnumerable<X509Certificate2> included, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var thumbprint = signer.GetCertHashString(HashAlgorithmName.SHA256);
        if (_cache.TryGetValue(thumbprint, out var known) && at >= known.ValidFrom && at < known.ValidUntil)
        {
            Interlocked.Increment(ref _hits);
            return known;
        }

        Interlocked.Increment(ref _misses);
        RequireSigningUsage(signer);
        var chain = ChainBuilder.Build(signer, included, _anchors, at);
        try
        {
            var (revocationValidUntil, warnings) = await _revocation.CheckAsync(chain, cancellationToken);
            var validFrom = chain.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime()));
            var validUntil = chain.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()));
            if (revocationValidUntil < validUntil)
                validUntil = revocationValidUntil;
            var judged = new TrustedSigner(thumbprint, signer.Subject, signer.SerialNumber, CertificateFactory.ReadOrgCodes(signer), validFrom, validUntil, warnings);
            // Soft-fail acceptances are not cached: the next document asks again once the back-off allows.
            if (warnings.Count == 0)
            {
                if (_cache.Count >= MaxCached)
                    _cache.Clear();
                _cache[thumbprint] = judged;
            }

            return judged;
        }
        finally
        {
            foreach (var certificate in chain)
                certificate.Dispose();
        }
    }

    /// <summary>Forgets every judgement, e.g. after the trust anchors changed.</summary>
    public void Clear() => _cache.Clear();

    private static void RequireSigningUsage(X509Certificate2 signer)
    {
        // RFC 5280: without the extension the key may be used for any purpose.
        if (signer.Extensions[Oids.KeyUsage] is not { } raw)
            return;
        var usage = new X509KeyUsageExtension(raw, raw.Critical).KeyUsages;
        if ((usage & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
            throw new SignatureException(SignatureFailure.KeyUsage, $"certificate {ChainBuilder.Describe(signer)} may not sign documents: its key usage is {usage}, and digitalSignature or nonRepudiation is required");
    }

    private static class Oids
    {
        public const string KeyUsage = "2.5.29.15";
    }
}
