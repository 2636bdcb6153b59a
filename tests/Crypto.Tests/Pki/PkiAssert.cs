using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Gateway.Crypto.Tests.Pki;

/// <summary>Checks shared by the development PKI tests, each against an independent implementation where one exists.</summary>
internal static class PkiAssert
{
    /// <summary>Builds the chain with .NET's X509Chain trusting only <paramref name="root"/>.</summary>
    public static void Chains(X509Certificate2 leaf, X509Certificate2 root, string? applicationPolicy = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (applicationPolicy is not null)
            chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(applicationPolicy));
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(2, chain.ChainElements.Count);
        Assert.Equal(root.Thumbprint, chain.ChainElements[1].Certificate.Thumbprint);
    }

    /// <summary>
    /// Reads a DER CRL with BouncyCastle, checks its signature under <paramref name="root"/>'s key, and
    /// returns its number (read by .NET), validity and revoked serials (upper-case hex).
    /// </summary>
    public static (BigInteger Number, DateTime ThisUpdate, DateTime NextUpdate, IReadOnlyList<string> Serials) Crl(byte[] der, X509Certificate2 root)
    {
        var crl = new X509CrlParser().ReadCrl(der);
        crl.Verify(DotNetUtilities.FromX509Certificate(root).GetPublicKey());
        Assert.Equal(root.SubjectName.RawData, crl.IssuerDN.GetEncoded());
        CertificateRevocationListBuilder.Load(der, out var number);
        var serials = (crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>()).Select(e => Convert.ToHexString(e.SerialNumber.ToByteArrayUnsigned())).ToList();
        return (number, crl.ThisUpdate, crl.NextUpdate!.Value, serials);
    }

    public static X509KeyUsageFlags KeyUsage(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;

    public static IReadOnlyList<string> ExtendedKeyUsages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault() is { } eku
            ? [.. eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value!)]
            : [];

    /// <summary>The file's permission bits; the PKI's modes are a Unix matter (the tests run on Linux).</summary>
    public static UnixFileMode Mode(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : File.GetUnixFileMode(path);
}
