using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Systems;

namespace Gateway.Tests.Systems;

/// <summary>Client certificates for tests of binding, which never judges trust: one throwaway root issues them.</summary>
internal static class TestClientCertificates
{
    // Self-signed certificates keep their key; it lives, with the root, as long as the test process.
    private static readonly Lazy<X509Certificate2> Root = new(() =>
    {
        var now = DateTimeOffset.UtcNow;
        return CertificateFactory.CreateRoot(
            new CertificateProfile { CommonName = "Binding Test Root", NotBefore = now.AddMinutes(-5), NotAfter = now.AddDays(30) },
            CertificateFactory.CreateKey(KeyKind.EcdsaP256));
    });

    /// <summary>A clientAuth certificate carrying <paramref name="orgCodes"/>; <paramref name="purposes"/> replaces its extended key usages.</summary>
    public static X509Certificate2 Issue(string name, string[]? orgCodes = null, string[]? purposes = null)
    {
        using var key = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var now = DateTimeOffset.UtcNow;
        return CertificateFactory.Issue(Root.Value, new CertificateProfile
        {
            CommonName = name,
            OrgCodes = orgCodes ?? [],
            NotBefore = now.AddMinutes(-5),
            NotAfter = now.AddDays(10),
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
            ExtendedKeyUsages = purposes ?? [ClientCertificateFitness.ClientAuthOid],
        }, key);
    }

    /// <summary>The certificate as a PEM file in <paramref name="directory"/>.</summary>
    public static string WritePem(X509Certificate2 certificate, string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
