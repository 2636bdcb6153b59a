using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

public sealed class VerifyAcceptsTests
{
    private readonly DetachedSignatureVerifier _verifier = new();

    [Theory]
    [InlineData(KeyKind.EcdsaP256, "SHA256")]
    [InlineData(KeyKind.EcdsaP384, "SHA384")]
    [InlineData(KeyKind.Rsa2048, "SHA256")]
    [InlineData(KeyKind.Rsa3072, "SHA256")]
    public void Verify_SignedByDetachedSigner_ReturnsTheSignerAndDigest(KeyKind kind, string digest)
    {
        using var identity = TestIdentity.Issue(kind);
        using var signer = new DetachedSigner(identity.Leaf);
        var header = Cms.Header();

        var check = _verifier.Verify(header, signer.Sign(header));

        Assert.Equal(identity.Leaf.RawData, check.Signer.RawData);
        Assert.False(check.Signer.HasPrivateKey);
        Assert.Empty(check.OtherCertificates);
        Assert.Equal(new HashAlgorithmName(digest), check.DigestAlgorithm);
    }

    [Fact]
    public void Verify_RsaPss_IsAccepted()
    {
        using var identity = TestIdentity.Issue(KeyKind.Rsa2048);
        using var signer = new DetachedSigner(identity.Leaf, rsaPadding: RSASignaturePadding.Pss);
        var header = Cms.Header();
        var cms = signer.Sign(header);

        var check = _verifier.Verify(header, cms);

        Assert.Equal(identity.Leaf.RawData, check.Signer.RawData);
        Assert.True(LibraryVerifiers.SignedCmsAccepts(header, cms));
    }

    [Fact]
    public void Verify_SigningTime_IsTheSignersClaim()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        var signedAt = new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.Zero);
        using var signer = new DetachedSigner(identity.Leaf, time: new FixedTime(signedAt));
        var header = Cms.Header();

        Assert.Equal(signedAt, _verifier.Verify(header, signer.Sign(header)).SigningTime);
    }

    [Fact]
    public void Verify_WithoutSigningTime_ReportsNone()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        var header = Cms.Header();
        // Any signed attribute makes SignedCms add content-type and message-digest; this one is not a time.
        var cms = Cms.SignWithSignedCms(identity.Leaf, header, s => s.SignedAttributes.Add(new Pkcs9DocumentName("header")), signedAttributes: false);

        Assert.Null(_verifier.Verify(header, cms).SigningTime);
    }

    [Fact]
    public void Verify_ChainCertificatesIncluded_AreReturnedBesideTheSigner()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        using var signer = new DetachedSigner(identity.Leaf, [identity.Root]);
        var header = Cms.Header();

        var check = _verifier.Verify(header, signer.Sign(header));

        Assert.Equal(identity.Leaf.RawData, check.Signer.RawData);
        Assert.Equal(identity.Root.RawData, Assert.Single(check.OtherCertificates).RawData);
    }

    [Fact]
    public void Verify_SignerNamedBySubjectKeyIdentifier_IsFound()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        var header = Cms.Header();
        var cms = Cms.SignWithSignedCms(identity.Leaf, header, s => s.SignerIdentifierType = SubjectIdentifierType.SubjectKeyIdentifier);

        Assert.Equal(identity.Leaf.RawData, _verifier.Verify(header, cms).Signer.RawData);
    }

    [Fact]
    public void Verify_SameCertificateAgain_ReturnsTheCachedInstance()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        using var signer = new DetachedSigner(identity.Leaf);

        var first = _verifier.Verify(Cms.Header(1), signer.Sign(Cms.Header(1)));
        var second = _verifier.Verify(Cms.Header(2), signer.Sign(Cms.Header(2)));

        Assert.Same(first.Signer, second.Signer);
        Assert.Equal(1, _verifier.CachedCertificates);
    }

    [Fact]
    public void Verify_SignedByBouncyCastle_IsAccepted()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        var header = Cms.Header();
        var cms = BouncyCastleSigner.Sign(identity.Leaf, identity.Key, header);

        Assert.Equal(identity.Leaf.RawData, _verifier.Verify(header, cms).Signer.RawData);
    }

    [Fact]
    public async Task Verify_FromParallelWorkers_AcceptsTheGoodAndRefusesTheTampered()
    {
        using var ec = TestIdentity.Issue(KeyKind.EcdsaP256, "Ec");
        using var rsa = TestIdentity.Issue(KeyKind.Rsa2048, "Rsa");
        using var ecSigner = new DetachedSigner(ec.Leaf);
        using var rsaSigner = new DetachedSigner(rsa.Leaf);
        var documents = Enumerable.Range(0, 64)
            .Select(i => (Header: Cms.Header(i), Signer: i % 2 == 0 ? ecSigner : rsaSigner))
            .Select(d => (d.Header, Cms: d.Signer.Sign(d.Header), Tampered: Cms.Flip(d.Header, 7)))
            .ToArray();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var wrong = 0;
            for (var round = 0; round < 10; round++)
            {
                foreach (var (header, cms, tampered) in documents)
                {
                    _ = _verifier.Verify(header, cms);
                    var refusal = Record.Exception(() => _verifier.Verify(tampered, cms));
                    if (refusal is not SignatureException { Failure: SignatureFailure.Tampered })
                        wrong++;
                }
            }

            return wrong;
        }, TestContext.Current.CancellationToken)));

        Assert.All(outcomes, wrong => Assert.Equal(0, wrong));
    }
}
