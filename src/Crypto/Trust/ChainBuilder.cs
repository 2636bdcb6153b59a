using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Trust;

/// <summary>
/// Builds a signer's chain to the configured anchors with .NET's X509Chain (OpenSSL underneath on
/// Linux): custom root trust only, no downloads, validity judged at the acceptance time. Revocation
/// is left to <see cref="RevocationChecker"/>, which caches answers across chains.
/// </summary>
internal static class ChainBuilder
{
    /// <summary>The chain from the signer (first) to its trust anchor (last); each certificate is the caller's to dispose.</summary>
    public static List<X509Certificate2> Build(X509Certificate2 signer, IEnumerable<X509Certificate2> included, TrustAnchors anchors, DateTimeOffset at)
    {
        if (anchors.Roots.Count == 0)
            throw new SignatureException(SignatureFailure.UntrustedChain, $"certificate {Describe(signer)} cannot be trusted: no trust anchors are configured{(anchors.Source is { } s ? $" (directory {s} holds no root certificate)" : "")}");

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(anchors.Roots);
        policy.ExtraStore.AddRange(anchors.Intermediates);
        foreach (var certificate in included)
            policy.ExtraStore.Add(certificate);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;

        chain.Build(signer);
        foreach (var element in chain.ChainElements)
        {
            foreach (var status in element.ChainElementStatus)
            {
                if (Refusal(element.Certificate, status, at) is { } refusal)
                    throw refusal;
            }
        }

        // A chain that ends below an anchor reports PartialChain on the chain rather than an element.
        foreach (var status in chain.ChainStatus)
        {
            if (Refusal(chain.ChainElements[^1].Certificate, status, at) is { } refusal)
                throw refusal;
        }

        // Copies: the chain's own certificate objects are released with the chain.
        return chain.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToList();
    }

    private static SignatureException? Refusal(X509Certificate2 certificate, X509ChainStatus status, DateTimeOffset at)
    {
        var flag = status.Status;
        if ((flag & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return at < certificate.NotBefore
                ? new SignatureException(SignatureFailure.NotYetValid, $"certificate {Describe(certificate)} is not valid before {Time(certificate.NotBefore)}; the document was presented at {Time(at)}")
                : new SignatureException(SignatureFailure.Expired, $"certificate {Describe(certificate)} expired at {Time(certificate.NotAfter)}; the document was presented at {Time(at)}");
        }

        if ((flag & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            return new SignatureException(SignatureFailure.UntrustedChain, $"certificate {Describe(certificate)} does not chain to a trusted anchor (its issuer is {certificate.Issuer})");

        if ((flag & X509ChainStatusFlags.NotSignatureValid) != 0)
            return new SignatureException(SignatureFailure.UntrustedChain, $"the signature on certificate {Describe(certificate)} does not verify under its issuer {certificate.Issuer}");

        const X509ChainStatusFlags Structural =
            X509ChainStatusFlags.InvalidBasicConstraints | X509ChainStatusFlags.InvalidExtension |
            X509ChainStatusFlags.HasNotSupportedCriticalExtension | X509ChainStatusFlags.InvalidNameConstraints |
            X509ChainStatusFlags.HasNotPermittedNameConstraint | X509ChainStatusFlags.HasExcludedNameConstraint |
            X509ChainStatusFlags.HasNotSupportedNameConstraint | X509ChainStatusFlags.InvalidPolicyConstraints |
            X509ChainStatusFlags.NoIssuanceChainPolicy | X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.Cyclic;
        if ((flag & Structural) != 0)
            return new SignatureException(SignatureFailure.UntrustedChain, $"the chain of certificate {Describe(certificate)} is invalid: {status.StatusInformation.Trim()}");

        // Revocation flags cannot occur (NoCheck); anything else unknown is refused rather than ignored.
        const X509ChainStatusFlags Ignored = X509ChainStatusFlags.NoError | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;
        if ((flag & ~Ignored) != 0)
            return new SignatureException(SignatureFailure.UntrustedChain, $"the chain of certificate {Describe(certificate)} is invalid: {status.StatusInformation.Trim()} ({flag})");
        return null;
    }

    internal static string Describe(X509Certificate2 certificate) => $"\"{certificate.Subject}\" (serial {certificate.SerialNumber})";

    private static string Time(DateTime value) => Time(new DateTimeOffset(value.ToUniversalTime()));

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
