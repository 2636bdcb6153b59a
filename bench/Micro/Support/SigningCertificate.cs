using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Benchmarks.Support;

/// <summary>An ECDSA P-256 certificate with its private key, issued by a throw-away root, as a sender or the gateway holds one.</summary>
internal static class SigningCertificate
{
    public static X509Certificate2 Create(string commonName, string orgCode)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var root = CertificateFactory.CreateRoot(
            new CertificateProfile { CommonName = "Bench Root", NotBefore = now.AddDays(-1), NotAfter = now.AddDays(30) }, rootKey);
        using var key = (ECDsa)CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var issued = CertificateFactory.Issue(root, new CertificateProfile
        {
            CommonName = commonName,
            OrgCodes = [orgCode],
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddDays(30),
        }, key);
        return issued.CopyWithPrivateKey(key);
    }
}
