using Gateway.Configuration;
using Gateway.Crypto.Trust;
using Gateway.Signatures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Systems;

/// <summary>
/// The client-certificate authenticator, registered only when the TLS listener asks for client
/// certificates (<c>Grpc:Tls:ClientCertificates</c>); without it the interceptor knows tokens only.
/// </summary>
internal static class ClientCertificateSetup
{
    public static void Add(IServiceCollection services, GatewayOptions options)
    {
        if (options.Grpc.Tls?.ClientCertificates is not { } client)
            return;
        services.AddSingleton(provider => new ClientCertificateAuthenticator(
            TrustFor(provider, client, options.Signatures),
            provider.GetRequiredService<SystemRegistry>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ClientCertificateAuthenticator>>()));
    }

    /// <summary>What an operator must know at start: that certificates are asked for, and what they must chain to.</summary>
    public static void LogAtStart(ILogger logger, GatewayOptions options)
    {
        if (options.Grpc.Tls?.ClientCertificates is not { } client)
            return;
        var anchors = client.Anchors ?? options.Signatures.TrustAnchors;
        var directory = client.AnchorsSetting ?? anchors.Source ?? Path.GetFullPath(options.Signatures.TrustAnchorsSetting);
        if (anchors.Roots.Count == 0)
            SystemsLog.ClientCertificatesUntrusted(logger, directory);
        else
            SystemsLog.ClientCertificatesOn(logger, anchors.Roots.Count, anchors.Intermediates.Count, directory);
    }

    /// <summary>
    /// The signatures' own judge when Grpc:Tls:ClientCa is not set (same anchors, so one cache of
    /// judgements and CRLs serves both); else one of its own over the ClientCa anchors, with the same
    /// revocation policy and timeout and the same CRL/OCSP HTTP client.
    /// </summary>
    private static CertificateTrust TrustFor(IServiceProvider provider, ClientCertificateOptions client, SignaturesOptions signatures) =>
        client.Anchors is not { } anchors
            ? provider.GetRequiredService<CertificateTrust>()
            : new CertificateTrust(
                anchors,
                new TrustOptions { Revocation = signatures.Revocation, FetchTimeout = signatures.RevocationTimeout },
                provider.GetRequiredService<RevocationHttp>().Client,
                provider.GetRequiredService<TimeProvider>());
}
