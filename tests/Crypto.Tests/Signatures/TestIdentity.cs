using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>A signer for tests: a root, and a leaf issued by it that holds its private key.</summary>
internal sealed class TestIdentity : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private TestIdentity(X509Certificate2 root, X509Certificate2 leaf, AsymmetricAlgorithm key)
    {
        Root = root;
        Leaf = leaf;
        Key = key;
    }

    public X509Certificate2 Root { get; }

    /// <summary>The signing certificate, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    public AsymmetricAlgorithm Key { get; }

    /// <summary>A root of the same kind and a leaf of <paramref name="kind"/> issued by it, both from <see cref="CertificateFactory"/>.</summary>
    public static TestIdentity Issue(KeyKind kind, string name = "So Y te")
    {
        var rootKey = CertificateFactory.CreateKey(kind);
        var root = CertificateFactory.CreateRoot(Profile("Test Root"), rootKey);
        var key = CertificateFactory.CreateKey(kind);
        using var issued = CertificateFactory.Issue(root, Profile(name) with { OrgCodes = ["000.00.00.G22"] }, key);
        return new TestIdentity(root, WithKey(issued, key), key);
    }

    /// <summary>
    /// A self-signed certificate for a key <see cref="CertificateFactory"/> does not make (RSA-1024, other curves),
    /// straight from <see cref="CertificateRequest"/>.
    /// </summary>
    public static TestIdentity SelfSigned(AsymmetricAlgorithm key)
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest("CN=Self Signed, C=VN", ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest("CN=Self Signed, C=VN", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("ECDSA or RSA only", nameof(key)),
        };
        var certificate = request.CreateSelfSigned(Now.AddMinutes(-5), Now.AddDays(1));
        return new TestIdentity(certificate, certificate, key);
    }

    public void Dispose()
    {
        Leaf.Dispose();
        Root.Dispose();
        Key.Dispose();
    }

    private static X509Certificate2 WithKey(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => certificate.CopyWithPrivateKey(ec),
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        _ => throw new ArgumentException("ECDSA or RSA only", nameof(key)),
    };

    private static CertificateProfile Profile(string name) => new()
    {
        CommonName = name,
        NotBefore = Now.AddMinutes(-5),
        NotAfter = Now.AddDays(1),
    };
}
