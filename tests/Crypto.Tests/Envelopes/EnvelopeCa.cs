using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Envelopes;

/// <summary>
/// A root that issues encryption certificates for the envelope tests: EC keys with keyAgreement, RSA
/// keys with keyEncipherment, unless a test asks for another key usage. Each comes with its private
/// key, attached the way a recipient would load it from PEM files.
/// </summary>
public sealed class EnvelopeCa : IDisposable
{
    private readonly AsymmetricAlgorithm _rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);

    public EnvelopeCa() => Root = CertificateFactory.CreateRoot(Profile("Envelope Test Root"), _rootKey);

    public X509Certificate2 Root { get; }

    public static X509KeyUsageFlags EncryptionUsage(KeyKind kind) =>
        kind is KeyKind.Rsa2048 or KeyKind.Rsa3072 ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.KeyAgreement;

    /// <summary>A recipient certificate with its private key.</summary>
    public Recipient Issue(KeyKind kind, string name = "000.00.00.H41", X509KeyUsageFlags? usage = null)
    {
        using var key = CertificateFactory.CreateKey(kind);
        using var certificate = CertificateFactory.Issue(Root, Profile(name) with { KeyUsage = usage ?? EncryptionUsage(kind) }, key);
        return Recipient.FromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// A certificate with the same issuer and serial number as <paramref name="original"/> but a key of
    /// its own: what a recipient holding the wrong key file for a certificate looks like to the envelope.
    /// </summary>
    public Recipient IssueTwin(Recipient original, KeyKind kind)
    {
        using var key = CertificateFactory.CreateKey(kind);
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(original.Certificate.SubjectName, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(original.Certificate.SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("unknown key", nameof(kind)),
        };
        request.CertificateExtensions.Add(new X509KeyUsageExtension(EncryptionUsage(kind), true));
        var generator = X509SignatureGenerator.CreateForECDsa((ECDsa)_rootKey);
        using var twin = request.Create(Root.SubjectName, generator, Root.NotBefore, Root.NotAfter.AddDays(-1),
            Convert.FromHexString(original.Certificate.SerialNumber));
        return Recipient.FromPem(twin.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static CertificateProfile Profile(string name) => new()
    {
        CommonName = name,
        OrgCodes = name.Count(c => c == '.') == 3 ? [name] : [],
        NotBefore = DateTimeOffset.UtcNow.AddMinutes(-5),
        NotAfter = DateTimeOffset.UtcNow.AddDays(30),
    };

    public void Dispose()
    {
        Root.Dispose();
        _rootKey.Dispose();
    }
}

/// <summary>A recipient's certificate with its private key, and both as the PEM texts openssl and the CLI read.</summary>
public sealed record Recipient(X509Certificate2 Certificate, string CertificatePem, string KeyPem) : IDisposable
{
    public static Recipient FromPem(string certificatePem, string keyPem) =>
        new(X509Certificate2.CreateFromPem(certificatePem, keyPem), certificatePem, keyPem);

    /// <summary>The certificate alone, as a sender has it.</summary>
    public X509Certificate2 Public() => X509Certificate2.CreateFromPem(CertificatePem);

    public void Dispose() => Certificate.Dispose();
}
