using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Tests.Support;

/// <summary>
/// A small real PKI for transport tests: a root CA and a server certificate it issued for localhost
/// and 127.0.0.1, written as PEM files the daemon reads.
/// </summary>
public sealed class TestPki : IDisposable
{
    public TestPki(string directory)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Gateway Test Root CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        Root = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = serverRequest.Create(Root, now.AddMinutes(-5), now.AddDays(1), serial);

        CertificateFile = Path.Combine(directory, "server.pem");
        KeyFile = Path.Combine(directory, "server.key");
        CaFile = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CertificateFile, issued.ExportCertificatePem());
        File.WriteAllText(KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CaFile, Root.ExportCertificatePem());
    }

    public X509Certificate2 Root { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    public string CaFile { get; }

    /// <summary>A handler that trusts exactly this PKI's root, as a client configured with ca.pem would.</summary>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            // The name must match as usual; only the chain is judged against this PKI's root instead
            // of the system store.
            if (certificate is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
        return handler;
    }

    public void Dispose() => Root.Dispose();
}
