using System.Security.Cryptography;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

public sealed class CertificateCacheTests
{
    [Fact]
    public void Get_MoreCertificatesThanItsCapacity_StaysBounded()
    {
        var cache = new CertificateCache(capacity: 4);

        for (var i = 0; i < 20; i++)
        {
            using var identity = TestIdentity.SelfSigned(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            _ = cache.Get(identity.Leaf.RawData);
            Assert.InRange(cache.Count, 1, 4);
        }
    }

    [Fact]
    public void Get_SameBytesTwice_ParsesOnce()
    {
        var cache = new CertificateCache(capacity: 4);
        using var identity = TestIdentity.SelfSigned(ECDsa.Create(ECCurve.NamedCurves.nistP256));

        var first = cache.Get(identity.Leaf.RawData);
        var second = cache.Get((byte[])identity.Leaf.RawData.Clone());

        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Get_BytesThatAreNoCertificate_IsMalformedAndNotKept()
    {
        var cache = new CertificateCache(capacity: 4);

        var refusal = Assert.Throws<SignatureException>(() => cache.Get([0x30, 0x03, 0x02, 0x01, 0x01]));

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.StartsWith("a certificate in the CMS cannot be read", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
    }
}
