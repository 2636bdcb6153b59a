using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Support;

/// <summary>
/// A root and an issuing intermediate made with <see cref="CertificateFactory"/>, publishing their
/// CRLs on a <see cref="FileServer"/> at root.crl and issuing.crl.
/// </summary>
public sealed class TestCa : IDisposable
{
    private readonly List<(byte[] Serial, DateTimeOffset At)> _revokedByRoot = [];
    private readonly List<(byte[] Serial, DateTimeOffset At)> _revokedByIssuing = [];
    private int _crlNumber;

    public TestCa(FileServer server, DateTimeOffset now, KeyKind kind = KeyKind.EcdsaP256)
    {
        Server = server;
        Now = now;
        RootKey = CertificateFactory.CreateKey(kind);
        Root = CertificateFactory.CreateRoot(Profile("Test Root CA", now) with { NotAfter = now.AddYears(5) }, RootKey);
        IssuingKey = CertificateFactory.CreateKey(kind);
        using var issuing = CertificateFactory.Issue(Root, Profile("Test Issuing CA", now) with
        {
            IsAuthority = true,
            NotAfter = now.AddYears(2),
            CrlUrl = server.Url("root.crl"),
        }, IssuingKey);
        Issuing = CopyWithKey(issuing, IssuingKey);
        PublishCrls(now, now.AddDays(1));
    }

    public FileServer Server { get; }

    public DateTimeOffset Now { get; }

    public AsymmetricAlgorithm RootKey { get; }

    /// <summary>The root, with its private key (self-signed certificates keep theirs).</summary>
    public X509Certificate2 Root { get; }

    public AsymmetricAlgorithm IssuingKey { get; }

    /// <summary>The issuing CA, with its private key.</summary>
    public X509Certificate2 Issuing { get; }

    /// <summary>A leaf signed by the issuing CA; by default a document-signing certificate for 000.00.00.G22 whose CRL is issuing.crl.</summary>
    public X509Certificate2 IssueLeaf(Func<CertificateProfile, CertificateProfile>? shape = null)
    {
        using var key = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var profile = Profile("Document signer", Now) with { OrgCodes = ["000.00.00.G22"], CrlUrl = Server.Url("issuing.crl") };
        return CertificateFactory.Issue(Issuing, shape is null ? profile : shape(profile), key);
    }

    public void RevokeLeaf(X509Certificate2 leaf) => _revokedByIssuing.Add((Convert.FromHexString(leaf.SerialNumber), Now));

    public void RevokeIssuing() => _revokedByRoot.Add((Convert.FromHexString(Issuing.SerialNumber), Now));

    /// <summary>Signs and serves fresh CRLs for both authorities.</summary>
    public void PublishCrls(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        _crlNumber++;
        Server.Put("root.crl", CertificateFactory.CreateCrl(Root, _revokedByRoot, new BigInteger(_crlNumber), thisUpdate, nextUpdate));
        Server.Put("issuing.crl", CertificateFactory.CreateCrl(Issuing, _revokedByIssuing, new BigInteger(_crlNumber), thisUpdate, nextUpdate));
    }

    public static CertificateProfile Profile(string name, DateTimeOffset now) => new()
    {
        CommonName = name,
        NotBefore = now.AddMinutes(-5),
        NotAfter = now.AddDays(30),
    };

    private static X509Certificate2 CopyWithKey(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => certificate.CopyWithPrivateKey(ec),
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        _ => throw new ArgumentException("unsupported key", nameof(key)),
    };

    public void Dispose()
    {
        Root.Dispose();
        Issuing.Dispose();
        RootKey.Dispose();
        IssuingKey.Dispose();
    }
}
