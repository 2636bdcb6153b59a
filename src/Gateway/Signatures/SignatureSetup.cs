using Gateway.Configuration;
using Gateway.Crypto.Signatures;
using Gateway.Crypto.Trust;
using Gateway.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Signatures;

/// <summary>The services that verify senders' signatures, and what the daemon says about them at start.</summary>
internal static class SignatureSetup
{
    public static void Add(IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options.Signatures);
        services.AddSingleton<RevocationHttp>();
        services.AddSingleton<DetachedSignatureVerifier>();
        services.AddSingleton(provider => new CertificateTrust(
            options.Signatures.TrustAnchors,
            new TrustOptions { Revocation = options.Signatures.Revocation, FetchTimeout = options.Signatures.RevocationTimeout },
            provider.GetRequiredService<RevocationHttp>().Client,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CertificateBindings>();
        services.AddSingleton<SenderVerifier>();
        services.AddSingleton<VerifyStage>();
    }

    /// <summary>Warnings an operator must see at every start, and what is trusted.</summary>
    public static void LogAtStart(ILogger logger, SignaturesOptions options)
    {
        if (!options.Required)
            SignaturesLog.NotRequired(logger);
        var anchors = options.TrustAnchors;
        if (anchors.Roots.Count == 0)
            SignaturesLog.NoAnchors(logger, anchors.Source ?? Path.GetFullPath(options.TrustAnchorsSetting));
        else
            SignaturesLog.AnchorsLoaded(logger, anchors.Roots.Count, anchors.Intermediates.Count, anchors.Source ?? options.TrustAnchorsSetting,
                options.Revocation == RevocationPolicy.HardFail ? "hard-fail" : "soft-fail");
    }
}

/// <summary>
/// The HTTP client that fetches CRLs and asks OCSP responders: its own, so certificate-named URLs
/// never share settings with anything else, with connections recycled so DNS changes are followed.
/// </summary>
internal sealed class RevocationHttp : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
    })
    {
        DefaultRequestHeaders = { { "User-Agent", "axis-gateway" } },
    };

    public void Dispose() => Client.Dispose();
}
