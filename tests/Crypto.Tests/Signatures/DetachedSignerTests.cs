using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

public sealed class DetachedSignerTests
{
    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384)]
    [InlineData(KeyKind.Rsa2048)]
    public void Sign_Output_VerifiesWithSignedCmsAndBouncyCastle(KeyKind kind)
    {
        using var identity = TestIdentity.Issue(kind);
        using var signer = new DetachedSigner(identity.Leaf);
        var header = Cms.Header();

        var cms = signer.Sign(header);

        Assert.True(LibraryVerifiers.SignedCmsAccepts(header, cms));
        Assert.True(LibraryVerifiers.BouncyCastleAccepts(header, cms));
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256, "2.16.840.1.101.3.4.2.1")]
    [InlineData(KeyKind.EcdsaP384, "2.16.840.1.101.3.4.2.2")]
    [InlineData(KeyKind.Rsa2048, "2.16.840.1.101.3.4.2.1")]
    public void Sign_IsDetachedWithOneSignerAndTheExpectedAttributes(KeyKind kind, string digestOid)
    {
        using var identity = TestIdentity.Issue(kind);
        using var signer = new DetachedSigner(identity.Leaf);

        var decoded = new SignedCms();
        decoded.Decode(signer.Sign(Cms.Header()));

        Assert.Empty(decoded.ContentInfo.Content); // detached: the header travels beside the signature
        var info = Assert.Single(decoded.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(digestOid, info.DigestAlgorithm.Value);
        Assert.Equal(SubjectIdentifierType.IssuerAndSerialNumber, info.SignerIdentifier.Type);
        Assert.Equal(
            ["1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5"],
            info.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).Order());
        Assert.Equal(identity.Leaf.RawData, Assert.Single(decoded.Certificates).RawData);
    }

    [Fact]
    public void Sign_ChainCertificates_AreIncludedAfterTheSigner()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        using var signer = new DetachedSigner(identity.Leaf, [identity.Root]);

        var decoded = new SignedCms();
        decoded.Decode(signer.Sign(Cms.Header()));

        Assert.Equal(2, decoded.Certificates.Count);
        Assert.Contains(decoded.Certificates, c => c.RawData.SequenceEqual(identity.Root.RawData));
    }

    [Fact]
    public void Sign_RsaPss_WritesRsassaPss()
    {
        using var identity = TestIdentity.Issue(KeyKind.Rsa2048);
        using var signer = new DetachedSigner(identity.Leaf, rsaPadding: RSASignaturePadding.Pss);

        var decoded = new SignedCms();
        decoded.Decode(signer.Sign(Cms.Header()));

        Assert.Equal("1.2.840.113549.1.1.10", decoded.SignerInfos[0].SignatureAlgorithm.Value);
    }

    [Fact]
    public void Sign_FromParallelThreads_EverySignatureVerifies()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        using var signer = new DetachedSigner(identity.Leaf);
        var verifier = new DetachedSignatureVerifier();

        var results = Enumerable.Range(0, 64).AsParallel().Select(i =>
        {
            var header = Cms.Header(i);
            return verifier.Verify(header, signer.Sign(header)).Signer.RawData.SequenceEqual(identity.Leaf.RawData);
        }).ToArray();

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void New_CertificateWithoutPrivateKey_IsRefused()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);

        using var publicOnly = X509CertificateLoader.LoadCertificate(identity.Leaf.RawData);

        Assert.Throws<ArgumentException>(() => new DetachedSigner(publicOnly));
    }

    [Fact]
    public void New_Rsa1024Key_IsWeakAlgorithm()
    {
        using var identity = TestIdentity.SelfSigned(RSA.Create(1024));

        var refusal = Assert.Throws<SignatureException>(() => new DetachedSigner(identity.Leaf));

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
    }

    [Fact]
    public void New_PssPaddingForAnEcdsaKey_IsRefused()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);

        Assert.Throws<ArgumentException>(() => new DetachedSigner(identity.Leaf, rsaPadding: RSASignaturePadding.Pss));
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.Rsa2048)]
    public void LoadPem_CertificateThenChainAndKey_SignsWithTheChainIncluded(KeyKind kind)
    {
        using var identity = TestIdentity.Issue(kind);
        using var files = new TempFiles();
        var certificates = files.Write("leaf.pem", identity.Leaf.ExportCertificatePem() + "\n" + identity.Root.ExportCertificatePem());
        var key = files.Write("leaf.key", identity.Key.ExportPkcs8PrivateKeyPem());
        var header = Cms.Header();

        using var signer = DetachedSigner.LoadPem(certificates, key);
        var check = new DetachedSignatureVerifier().Verify(header, signer.Sign(header));

        Assert.Equal(identity.Leaf.RawData, check.Signer.RawData);
        Assert.Equal(identity.Root.RawData, Assert.Single(check.OtherCertificates).RawData);
    }

    [Fact]
    public void LoadPem_KeyOfAnotherCertificate_IsRefusedNamingTheFiles()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        using var otherKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var files = new TempFiles();
        var certificate = files.Write("leaf.pem", identity.Leaf.ExportCertificatePem());
        var key = files.Write("other.key", otherKey.ExportPkcs8PrivateKeyPem());

        var refusal = Assert.Throws<InvalidDataException>(() => DetachedSigner.LoadPem(certificate, key));

        Assert.Contains("leaf.pem", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("other.key", refusal.Message, StringComparison.Ordinal);
    }
}
