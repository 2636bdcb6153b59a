using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Pki;

public sealed class ExtendedKeyUsageTests
{
    private const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Issue_ExtendedKeyUsage_IsCriticalExactlyWhenAsked(bool critical)
    {
        using var rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var root = CertificateFactory.CreateRoot(Profile("Test Root"), rootKey);
        using var key = CertificateFactory.CreateKey(KeyKind.EcdsaP256);

        using var issued = CertificateFactory.Issue(root, Profile("TSA") with
        {
            ExtendedKeyUsages = [TimeStamping],
            ExtendedKeyUsagesCritical = critical,
        }, key);

        var eku = Assert.Single(issued.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal(critical, eku.Critical);
        Assert.Equal(TimeStamping, Assert.Single(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
    }

    private static CertificateProfile Profile(string name) => new()
    {
        CommonName = name,
        NotBefore = Now.AddMinutes(-5),
        NotAfter = Now.AddDays(1),
    };
}
