using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

public sealed class AlgorithmPolicyTests
{
    [Theory]
    [InlineData("2.16.840.1.101.3.4.2.1", "SHA256")]
    [InlineData("2.16.840.1.101.3.4.2.2", "SHA384")]
    [InlineData("2.16.840.1.101.3.4.2.3", "SHA512")]
    public void CheckDigest_Sha2_IsAccepted(string oid, string name)
    {
        Assert.Equal(new HashAlgorithmName(name), AlgorithmPolicy.CheckDigest(oid));
    }

    [Theory]
    [InlineData("1.2.840.113549.2.5", "digest MD5 is refused; use SHA-256 or stronger")]
    [InlineData("1.3.14.3.2.26", "digest SHA-1 is refused; use SHA-256 or stronger")]
    [InlineData("2.16.840.1.101.3.4.2.4", "digest SHA-224 is refused; use SHA-256 or stronger")]
    [InlineData("2.16.840.1.101.3.4.2.8", "digest SHA3-256 is not accepted; use SHA-256, SHA-384 or SHA-512")]
    [InlineData("1.2.3.4", "digest 1.2.3.4 is not accepted; use SHA-256, SHA-384 or SHA-512")]
    public void CheckDigest_Other_IsRefusedByName(string oid, string message)
    {
        var refusal = Assert.Throws<SignatureException>(() => AlgorithmPolicy.CheckDigest(oid));

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
        Assert.Equal(message, refusal.Message);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    public void CheckPublicKey_Rsa2048OrMore_IsAccepted(int bits)
    {
        using var identity = TestIdentity.SelfSigned(RSA.Create(bits));

        AlgorithmPolicy.CheckPublicKey(identity.Leaf.PublicKey);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2040)]
    public void CheckPublicKey_RsaUnder2048_IsRefusedWithItsSize(int bits)
    {
        using var identity = TestIdentity.SelfSigned(RSA.Create(bits));

        var refusal = Assert.Throws<SignatureException>(() => AlgorithmPolicy.CheckPublicKey(identity.Leaf.PublicKey));

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
        Assert.Equal($"RSA key of {bits} bits; at least 2048 are required", refusal.Message);
    }

    [Theory]
    [InlineData("nistP256")]
    [InlineData("nistP384")]
    public void CheckPublicKey_P256OrP384_IsAccepted(string curve)
    {
        using var identity = TestIdentity.SelfSigned(ECDsa.Create(ECCurve.CreateFromFriendlyName(curve)));

        AlgorithmPolicy.CheckPublicKey(identity.Leaf.PublicKey);
    }

    [Fact]
    public void CheckPublicKey_ExplicitCurveParameters_IsRefused()
    {
        // A curve spelled out as parameters rather than named (.NET on Linux cannot make such a key, so
        // the SubjectPublicKeyInfo is written by hand; the policy looks only at the parameters' form).
        var key = new PublicKey(new Oid("1.2.840.10045.2.1"), new AsnEncodedData([0x30, 0x03, 0x02, 0x01, 0x01]), new AsnEncodedData([0x04]));

        var refusal = Assert.Throws<SignatureException>(() => AlgorithmPolicy.CheckPublicKey(key));

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
        Assert.Equal("an ECDSA key with explicit curve parameters is not accepted; use P-256 or P-384", refusal.Message);
    }

    [Fact]
    public void CheckPublicKey_Ed25519_IsRefusedByName()
    {
        var key = new PublicKey(new Oid("1.3.101.112"), null, new AsnEncodedData(new byte[32]));

        var refusal = Assert.Throws<SignatureException>(() => AlgorithmPolicy.CheckPublicKey(key));

        Assert.Equal(SignatureFailure.WeakAlgorithm, refusal.Failure);
        Assert.Equal("key algorithm Ed25519 is not accepted; use RSA of at least 2048 bits or ECDSA on P-256 or P-384", refusal.Message);
    }
}
