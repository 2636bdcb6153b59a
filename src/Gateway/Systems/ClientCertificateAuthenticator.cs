using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;
using Gateway.Crypto.Trust;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Systems;

/// <summary>
/// Authenticates a call by the client certificate its TLS connection presented (mutual TLS), for
/// <see cref="BearerAuthInterceptor"/>. The certificate must be fit for client authentication, trusted
/// (chain to the configured anchors, valid now, not revoked: <see cref="CertificateTrust"/>, cached by
/// thumbprint) and bound to an active system (<c>gateway systems bind-cert</c>). Every refusal is an
/// <see cref="RpcException"/> whose detail names the certificate and why. Thread-safe.
/// </summary>
internal sealed class ClientCertificateAuthenticator(
    CertificateTrust trust,
    SystemRegistry registry,
    TimeProvider time,
    ILogger<ClientCertificateAuthenticator> logger)
{
    /// <summary>The anchors certificates are judged against, for the start-up log.</summary>
    public TrustAnchors Anchors => trust.Anchors;

    /// <summary>The caller a call with this certificate and no bearer token is made by.</summary>
    /// <exception cref="RpcException">UNAUTHENTICATED for a certificate that is unfit, untrusted, unbound or of a revoked
    /// system; UNAVAILABLE when its revocation status cannot be learnt under hard-fail.</exception>
    public async ValueTask<AuthenticatedCaller> AuthenticateAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var described = ClientCertificateFitness.Describe(certificate);
        if (ClientCertificateFitness.Unfit(certificate) is { } unfit)
            throw Unauthenticated($"{described} may not authenticate a client: {unfit}");

        TrustedSigner judged;
        try
        {
            judged = await trust.CheckAsync(certificate, [], time.GetUtcNow(), cancellationToken);
        }
        catch (SignatureException ex) when (ex.Failure == SignatureFailure.RevocationUnknown)
        {
            // As for signatures under hard-fail: the certificate may be fine, the caller may retry.
            throw new RpcException(new Status(StatusCode.Unavailable, $"{described} cannot be checked right now: {ex.Message}"));
        }
        catch (SignatureException ex)
        {
            throw Unauthenticated($"{described} is not trusted: {ex.Message}");
        }

        foreach (var warning in judged.Warnings)
            SystemsLog.CertificateSoftFail(logger, judged.Thumbprint, warning);

        var system = registry.FindByCertificate(judged.Thumbprint)
            ?? throw Unauthenticated($"{described} is not bound to a connected system; an operator binds it with gateway systems bind-cert NAME CERT.pem");
        if (system.RevokedAt is { } revokedAt)
            throw Unauthenticated($"{described} belongs to system '{system.Name}', revoked at {SystemRegistry.FormatTime(revokedAt)}");
        return new AuthenticatedCaller(system.Name, system.OrgCodes, new CertificateLimit(certificate.Subject, judged.OrgCodes));
    }

    /// <summary>
    /// The caller of a call whose bearer token authenticated <paramref name="tokenSystem"/> and whose
    /// connection also presented <paramref name="certificate"/>. The token decides who calls; the
    /// certificate may only refuse the call (bound to another system) or narrow it (bound to the same
    /// system and carrying org codes). It is not judged for trust here: narrowing needs no trust, and
    /// the token alone would have been enough.
    /// </summary>
    /// <exception cref="RpcException">UNAUTHENTICATED when the certificate is bound to another system.</exception>
    public AuthenticatedCaller BesideToken(X509Certificate2 certificate, ConnectedSystem tokenSystem)
    {
        var owner = registry.FindByCertificate(ClientCertificateFitness.Thumbprint(certificate));
        if (owner is null)
            return new AuthenticatedCaller(tokenSystem.Name, tokenSystem.OrgCodes);
        if (!string.Equals(owner.Name, tokenSystem.Name, StringComparison.Ordinal))
        {
            throw Unauthenticated(
                $"the client certificate belongs to system '{owner.Name}' but the token to '{tokenSystem.Name}': " +
                $"{ClientCertificateFitness.Describe(certificate)} and the bearer token must name the same system (or send only one of them)");
        }

        return new AuthenticatedCaller(tokenSystem.Name, tokenSystem.OrgCodes,
            new CertificateLimit(certificate.Subject, CertificateFactory.ReadOrgCodes(certificate)));
    }

    private static RpcException Unauthenticated(string reason) => new(new Status(StatusCode.Unauthenticated, reason));
}
