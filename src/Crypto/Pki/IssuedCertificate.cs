using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Pki;

/// <summary>A certificate <see cref="DevPki"/> issued: its index entry, where its files are, and the certificate itself.</summary>
/// <param name="CertificatePath">Full path of the PEM certificate.</param>
/// <param name="KeyPath">Full path of the PKCS#8 PEM private key (mode 0600).</param>
/// <param name="Certificate">The certificate, without its private key; disposed with this.</param>
public sealed record IssuedCertificate(PkiIndexEntry Entry, string CertificatePath, string KeyPath, X509Certificate2 Certificate) : IDisposable
{
    /// <summary>The certificate with its private key, read from the two files, ready to sign or serve TLS.</summary>
    public X509Certificate2 LoadWithPrivateKey() => X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);

    public void Dispose() => Certificate.Dispose();
}
