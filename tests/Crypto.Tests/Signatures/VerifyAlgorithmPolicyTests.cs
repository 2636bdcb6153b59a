using System.Security.Cryptography;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>Signatures that verify cryptographically but use keys or digests the policy refuses.</summary>
public sealed class VerifyAlgorithmPolicyTests
{
    private readonly DetachedSignatureVerifier _verifier = new();
    private readonly byte[] _header = Cms.Header();

    [Fact]
    public void Verify_Rsa1024Key_IsWeakAlgorithm()
    {
        using var identity = TestIdentity.SelfSigned(RSA.Create(1024));
        var cms = Cms.SignWithSignedCms(identity.Leaf, _header);
        Assert.True(LibraryVerifiers.SignedCmsAccepts(_header, cms)); // the library would take it; the policy does not

        var refusal = Refuse(cms);

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
        Assert.Equal("RSA key of 1024 bits; at least 2048 are required", refusal.Message);
    }

    [Fact]
    public void Verify_Sha1Digest_IsWeakAlgorithm()
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        var cms = Cms.SignWithSignedCms(identity.Leaf, _header, s => s.DigestAlgorithm = new Oid("1.3.14.3.2.26"));
        Assert.True(LibraryVerifiers.SignedCmsAccepts(_header, cms));

        var refusal = Refuse(cms);

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
        Assert.Equal("digest SHA-1 is refused; use SHA-256 or stronger", refusal.Message);
    }

    [Fact]
    public void Verify_Sha1DigestWithRsa_IsWeakAlgorithm()
    {
        using var identity = TestIdentity.Issue(KeyKind.Rsa2048);
        var cms = Cms.SignWithSignedCms(identity.Leaf, _header, s => s.DigestAlgorithm = new Oid("1.3.14.3.2.26"));

        Assert.Equal(SignatureFailure.WeakAlgorithm, Refuse(cms).Failure);
    }

    [Theory]
    [InlineData("nistP521", "P-521")]
    [InlineData("brainpoolP256r1", "brainpoolP256r1")]
    [InlineData("secP256k1", "secp256k1")]
    public void Verify_CurveOtherThanP256OrP384_IsWeakAlgorithm(string curve, string named)
    {
        using var identity = TestIdentity.SelfSigned(ECDsa.Create(ECCurve.CreateFromFriendlyName(curve)));
        var cms = Cms.SignWithSignedCms(identity.Leaf, _header);
        Assert.True(LibraryVerifiers.SignedCmsAccepts(_header, cms));

        var refusal = Refuse(cms);

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
        Assert.Equal($"curve {named} is not accepted; use P-256 or P-384", refusal.Message);
    }

    [Theory]
    [InlineData("2.16.840.1.101.3.4.2.2", "SHA384")]
    [InlineData("2.16.840.1.101.3.4.2.3", "SHA512")]
    public void Verify_P256WithALongerDigest_IsAccepted(string digestOid, string digest)
    {
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        var cms = Cms.SignWithSignedCms(identity.Leaf, _header, s => s.DigestAlgorithm = new Oid(digestOid));

        Assert.Equal(new HashAlgorithmName(digest), _verifier.Verify(_header, cms).DigestAlgorithm);
    }

    private SignatureException Refuse(byte[] cms) => Assert.Throws<SignatureException>(() => _verifier.Verify(_header, cms));
}
