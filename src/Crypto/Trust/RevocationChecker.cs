using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Trust;

/// <summary>
/// Revocation of every certificate of a chain below its anchor: OCSP where the certificate names a
/// responder, else (or when OCSP cannot answer) its HTTP CRL. A certificate that names neither has
/// an unknown status, which the policy decides.
/// </summary>
internal sealed class RevocationChecker(CrlSource crls, OcspSource ocsp, TrustOptions options, TimeProvider time)
{
    /// <summary>
    /// Throws for a revoked certificate, and for an unknown status under hard-fail. Returns until
    /// when the answers hold, and the warnings soft-fail accepted.
    /// </summary>
    public async Task<(DateTimeOffset ValidUntil, IReadOnlyList<string> Warnings)> CheckAsync(IReadOnlyList<X509Certificate2> chain, CancellationToken cancellationToken)
    {
        var validUntil = DateTimeOffset.MaxValue;
        var warnings = new List<string>();
        // The last element is the trust anchor: it is trusted by configuration, not by a CRL.
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var answer = await AskAsync(chain[i], chain[i + 1], cancellationToken);
            switch (answer.Status)
            {
                case RevocationStatus.Revoked:
                    throw new SignatureException(SignatureFailure.Revoked, $"certificate {ChainBuilder.Describe(chain[i])} is {answer.Detail}");
                case RevocationStatus.Unknown when options.Revocation == RevocationPolicy.HardFail:
                    throw new SignatureException(SignatureFailure.RevocationUnknown, $"the revocation status of certificate {ChainBuilder.Describe(chain[i])} is unknown: {answer.Detail}; retry later (revocation checking is hard-fail)");
                case RevocationStatus.Unknown:
                    warnings.Add($"revocation status of certificate {ChainBuilder.Describe(chain[i])} unknown, accepted under soft-fail: {answer.Detail}");
                    break;
            }

            if (answer.ValidUntil < validUntil)
                validUntil = answer.ValidUntil;
        }

        return (validUntil, warnings);
    }

    private async Task<RevocationAnswer> AskAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        RevocationAnswer? last = null;
        foreach (var url in RevocationPointers.OcspUrls(certificate))
        {
            last = await ocsp.CheckAsync(certificate, issuer, url, cancellationToken);
            if (last.Value.Status != RevocationStatus.Unknown)
                return last.Value;
        }

        foreach (var url in RevocationPointers.CrlUrls(certificate))
        {
            last = await crls.CheckAsync(certificate, issuer, url, cancellationToken);
            if (last.Value.Status != RevocationStatus.Unknown)
                return last.Value;
        }

        return last ?? RevocationAnswer.Unknown(time.GetUtcNow() + options.FailureBackoff, "the certificate names no HTTP CRL distribution point and no OCSP responder");
    }
}
