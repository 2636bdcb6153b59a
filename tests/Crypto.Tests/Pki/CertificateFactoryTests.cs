using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Pki;

public sealed class CertificateFactoryTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384)]
    [InlineData(KeyKind.Rsa2048)]
    public void Issue_LeafChainsToItsRootAndCarriesItsOrgCodes(KeyKind kind)
    {
        using var rootKey = CertificateFactory.CreateKey(kind);
        using var root = CertificateFactory.CreateRoot(Profile("Test Root"), rootKey);
        using var leafKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var leaf = CertificateFactory.Issue(root, Profile("So Y te") with { OrgCodes = ["000.00.00.G22", "000.00.01.G22"] }, leafKey);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(["000.00.00.G22", "000.00.01.G22"], CertificateFactory.ReadOrgCodes(leaf));
        Assert.Empty(CertificateFactory.ReadOrgCodes(root));
        Assert.False(leaf.HasPrivateKey);
        Assert.Equal(32, leaf.SerialNumber.Length); // 16 bytes in hex
    }

    [Fact]
    public void Issue_NeverOutlivesItsIssuer()
    {
        using var rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var root = CertificateFactory.CreateRoot(Profile("Test Root") with { NotAfter = Now.AddDays(2) }, rootKey);
        using var leafKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var leaf = CertificateFactory.Issue(root, Profile("Leaf") with { NotAfter = Now.AddDays(30) }, leafKey);

        Assert.Equal(root.NotAfter, leaf.NotAfter);
    }

    [Fact]
    public void CreateCrl_ListsTheRevokedSerialAndIsSignedByTheIssuer()
    {
        using var rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var root = CertificateFactory.CreateRoot(Profile("Test Root"), rootKey);
        using var leafKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var leaf = CertificateFactory.Issue(root, Profile("Leaf"), leafKey);

        var crl = CertificateFactory.CreateCrl(root, [(Convert.FromHexString(leaf.SerialNumber), Now)], 7, Now, Now.AddDays(1));

        var parsed = CertificateRevocationListBuilder.Load(crl, out var number);
        Assert.Equal(7, number);
        Assert.True(parsed.RemoveEntry(Convert.FromHexString(leaf.SerialNumber)));
        var signed = new Org.BouncyCastle.X509.X509CrlParser().ReadCrl(crl);
        signed.Verify(Org.BouncyCastle.Security.DotNetUtilities.FromX509Certificate(root).GetPublicKey());
    }

    private static CertificateProfile Profile(string name) => new()
    {
        CommonName = name,
        NotBefore = Now.AddMinutes(-5),
        NotAfter = Now.AddDays(1),
    };
}
