using Gateway.Configuration;
using Gateway.Crypto.Signatures;
using Gateway.Crypto.Trust;
using Gateway.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace Gateway.Signatures;

/// <summary>
/// Everything the gateway checks about a sender's signature, in order: the CMS over the exact header
/// bytes received (never a re-serialisation), the certificate's trust (chain, validity at acceptance,
/// key usage, revocation; cached by thumbprint), and its binding to the sender organisation the
/// header names: a code the certificate carries (subject organizationIdentifier) or a binding the
/// operator made (<c>gateway orgs bind-cert</c>). Thread-safe; the verify stage runs it on parallel workers.
/// </summary>
internal sealed class SenderVerifier(
    DetachedSignatureVerifier cms,
    CertificateTrust trust,
    CertificateBindings bindings,
    SignaturesOptions options,
    ILogger<SenderVerifier> logger)
{
    /// <summary>
    /// The verified signer, or null for an unsigned header when signatures are not required.
    /// Throws <see cref="SignatureException"/> with the precise fault.
    /// </summary>
    public async ValueTask<VerifiedSender?> VerifyAsync(SignedHeader header, string sender, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (header.Signature.IsEmpty)
        {
            if (!options.Required)
                return null;
            throw new SignatureException(SignatureFailure.Missing, "is empty, and this gateway requires every header to be signed: send a detached CMS SignedData over the header bytes (gateway send --cert --key does this)");
        }

        var check = cms.Verify(header.Header.Memory, header.Signature.Memory);
        var signer = await trust.CheckAsync(check.Signer, check.OtherCertificates, at, cancellationToken);
        foreach (var warning in signer.Warnings)
            SignaturesLog.SoftFailAccepted(logger, sender, warning);

        if (!signer.OrgCodes.Contains(sender, StringComparer.Ordinal) && !bindings.CodesFor(signer.Thumbprint).Contains(sender))
            throw new SignatureException(SignatureFailure.WrongOrganization, NotBound(signer, sender));
        return new VerifiedSender(signer.Thumbprint, signer.Subject);
    }

    private string NotBound(TrustedSigner signer, string sender)
    {
        var carried = signer.OrgCodes.Count == 0 ? "carries no organisation code" : $"carries {string.Join(", ", signer.OrgCodes)}";
        var bound = bindings.CodesFor(signer.Thumbprint);
        var registry = bound.Count == 0 ? "is bound to no code in the registry" : $"is bound to {string.Join(", ", bound.Order(StringComparer.Ordinal))} in the registry";
        return $"certificate \"{signer.Subject}\" (SHA-256 {signer.Thumbprint}) may not sign for {sender}: it {carried} and {registry}; an operator can bind it with 'gateway orgs bind-cert {sender} CERT.pem'";
    }
}
