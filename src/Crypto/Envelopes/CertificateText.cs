using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Envelopes;

/// <summary>How messages name a certificate: its common name and serial, as <c>gateway pki</c> and openssl print them.</summary>
internal static class CertificateText
{
    public static string Describe(X509Certificate2 certificate) =>
        $"CN={certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)} (serial {certificate.SerialNumber})";
}
