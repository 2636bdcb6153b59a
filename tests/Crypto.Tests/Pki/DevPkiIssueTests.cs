using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Pki;

public sealed class DevPkiIssueTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string G22 = "000.00.00.G22";
    private const string H44 = "000.00.24.H44";
    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly PkiTestDirectory _dir = new();
    private readonly DevPki _pki;

    public DevPkiIssueTests() => _pki = DevPki.Init(_dir.Pki);

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void IssueOrg_ChainsToTheRootWithTheOrgCodeAndSigningKeyUsage()
    {
        using var org = _pki.IssueOrg(G22);

        PkiAssert.Chains(org.Certificate, _pki.Root);
        Assert.Equal([G22], CertificateFactory.ReadOrgCodes(org.Certificate));
        Assert.Equal(G22, org.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, PkiAssert.KeyUsage(org.Certificate));
        Assert.Empty(PkiAssert.ExtendedKeyUsages(org.Certificate));
        Assert.Equal((_dir.File("orgs/000.00.00.G22.pem"), _dir.File("orgs/000.00.00.G22.key")), (org.CertificatePath, org.KeyPath));
        Assert.Equal(OwnerOnly, PkiAssert.Mode(org.KeyPath));
    }

    [Fact]
    public void IssueOrg_CarriesThePkisCrlUrlAsDistributionPoint()
    {
        using var org = _pki.IssueOrg(G22);

        var cdp = org.Certificate.Extensions.Single(e => e.Oid?.Value == "2.5.29.31");
        Assert.Contains("http://127.0.0.1:7480/root.crl", new AsnEncodedData(cdp.Oid, cdp.RawData).Format(false), StringComparison.Ordinal);
    }

    [Fact]
    public void IssueOrg_KeyFileHoldsThePrivateKeyOfTheCertificate()
    {
        using var org = _pki.IssueOrg(G22, new IssueOptions { KeyKind = KeyKind.Rsa2048, CommonName = "Van phong Chinh phu" });
        using var withKey = org.LoadWithPrivateKey();
        using var signer = withKey.GetRSAPrivateKey()!;
        using var verifier = org.Certificate.GetRSAPublicKey()!;

        var data = "cong van"u8.ToArray();
        var signature = signer.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal("Van phong Chinh phu", org.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(org.KeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void IssueOrg_IsRecordedInTheIndex()
    {
        using var org = _pki.IssueOrg(G22);

        var entry = PkiIndex.Load(_dir.File("index.json")).Find(org.Certificate.SerialNumber);
        Assert.NotNull(entry);
        Assert.Equal(PkiCertificateKind.Org, entry.Kind);
        Assert.Equal([G22], entry.OrgCodes);
        Assert.Equal(("orgs/000.00.00.G22.pem", "orgs/000.00.00.G22.key"), (entry.Certificate, entry.Key));
        Assert.Equal(PkiTime.NotAfterOf(org.Certificate), entry.NotAfter);
        Assert.Null(entry.RevokedAt);
    }

    [Theory]
    [InlineData("000.00.0.G22", "'000.00.0.G22' is not an organisation code: segment 3 (AA) must be 2 digits")]
    [InlineData("G22", "'G22' is not an organisation code")]
    [InlineData("../000.00.00.G22", "'../000.00.00.G22' is not an organisation code")]
    public void IssueOrg_BadCode_IsRefusedNamingItAndWritesNothing(string code, string message)
    {
        var ex = Assert.Throws<PkiException>(() => _pki.IssueOrg(code));

        Assert.Equal(PkiFailure.InvalidInput, ex.Failure);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("orgs")));
        Assert.Single(PkiIndex.Load(_dir.File("index.json")).Certificates);
    }

    [Fact]
    public void IssueOrg_AgainWhileTheFirstIsInForce_IsRefusedNamingItsSerial()
    {
        using var first = _pki.IssueOrg(G22);
        var before = File.ReadAllBytes(first.KeyPath);

        var ex = Assert.Throws<PkiException>(() => _pki.IssueOrg(G22));

        Assert.Equal(PkiFailure.Refused, ex.Failure);
        Assert.StartsWith($"org {G22} already has a certificate in force: serial {first.Entry.Serial}, valid until ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; revoke it first ('gateway pki revoke {first.Entry.Serial}')", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(first.KeyPath));
    }

    [Fact]
    public void IssueOrg_AfterRevoking_ArchivesTheOldFilesAndIssuesANewCertificate()
    {
        using var first = _pki.IssueOrg(G22);
        var firstPem = File.ReadAllText(first.CertificatePath);
        _pki.Revoke(first.Entry.Serial);

        using var second = _pki.IssueOrg(G22);

        Assert.NotEqual(first.Entry.Serial, second.Entry.Serial);
        Assert.Equal(second.Certificate.ExportCertificatePem(), File.ReadAllText(_dir.File("orgs/000.00.00.G22.pem")));
        Assert.Equal(firstPem, File.ReadAllText(_dir.File($"archive/{first.Entry.Serial}.pem")));
        Assert.Equal(OwnerOnly, PkiAssert.Mode(_dir.File($"archive/{first.Entry.Serial}.key")));
        var archived = PkiIndex.Load(_dir.File("index.json")).Find(first.Entry.Serial)!;
        Assert.Equal(($"archive/{first.Entry.Serial}.pem", $"archive/{first.Entry.Serial}.key"), (archived.Certificate, archived.Key));
        Assert.NotNull(archived.RevokedAt);
    }

    [Fact]
    public void IssueOrg_AfterTheFirstExpired_IssuesANewCertificate()
    {
        var time = new FixedTime(DateTimeOffset.UtcNow);
        using var pki = DevPki.Open(_dir.Pki, time);
        using var first = pki.IssueOrg(G22, new IssueOptions { ValidityDays = 1 });
        time.Now = time.Now.AddDays(2);

        using var second = pki.IssueOrg(G22);

        Assert.True(File.Exists(_dir.File($"archive/{first.Entry.Serial}.pem")));
        Assert.Equal(second.Entry.Serial, PkiIndex.Load(_dir.File("index.json")).Certificates[^1].Serial);
    }

    [Fact]
    public void Issue_ValidForOneYearByDefault()
    {
        using var org = _pki.IssueOrg(G22);

        Assert.InRange((org.Certificate.NotAfter - DateTime.Now).TotalDays, 364.9, 365.1);
    }

    [Fact]
    public void Issue_NeverOutlivesTheRoot()
    {
        var shortLived = Path.Combine(_dir.Parent, "short");
        using var pki = DevPki.Init(shortLived, new DevPkiOptions { ValidityDays = 30 });

        using var org = pki.IssueOrg(G22, new IssueOptions { ValidityDays = 365 });

        Assert.Equal(pki.Root.NotAfter, org.Certificate.NotAfter);
        Assert.Equal(PkiTime.NotAfterOf(pki.Root), pki.Index.Certificates[^1].NotAfter);
    }

    [Fact]
    public void IssueGateway_Localhost_NamesItAndBothLoopbackAddressesForServerAuth()
    {
        using var gateway = _pki.IssueGateway("localhost", [IPAddress.Parse("10.0.0.5"), IPAddress.Loopback]);

        PkiAssert.Chains(gateway.Certificate, _pki.Root, ServerAuth);
        Assert.Equal([ServerAuth], PkiAssert.ExtendedKeyUsages(gateway.Certificate));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, PkiAssert.KeyUsage(gateway.Certificate));
        var san = gateway.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.Equal(
            [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("10.0.0.5")],
            san.EnumerateIPAddresses());
        Assert.True(gateway.Certificate.MatchesHostname("localhost"));
        Assert.Equal(_dir.File("gateway/localhost.pem"), gateway.CertificatePath);
        Assert.Equal(OwnerOnly, PkiAssert.Mode(gateway.KeyPath));
        Assert.Empty(CertificateFactory.ReadOrgCodes(gateway.Certificate));
    }

    [Fact]
    public void IssueGateway_IpAddressHost_IsAnAddressNotADnsName()
    {
        using var gateway = _pki.IssueGateway("192.168.1.20");

        var san = gateway.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Empty(san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("192.168.1.20")], san.EnumerateIPAddresses());
    }

    [Fact]
    public void IssueGateway_IPv6Host_IsAnAddress()
    {
        using var gateway = _pki.IssueGateway("FD00::7");

        var san = gateway.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Empty(san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("fd00::7")], san.EnumerateIPAddresses());
    }

    [Theory]
    [InlineData("10.1.2")]
    [InlineData("1")]
    [InlineData("256.1.1.1")]
    [InlineData("10.0.0.1")]
    [InlineData("::1")]
    public void IpAddressText_AcceptsOnlyFullForms(string text)
    {
        var accepted = IpAddressText.TryParse(text, out var address);

        Assert.Equal(text is "10.0.0.1" or "::1", accepted);
        Assert.Equal(accepted ? IPAddress.Parse(text) : null, address);
    }

    [Theory]
    [InlineData("*.example.vn")]
    [InlineData("gw..example.vn")]
    [InlineData("-gw.example.vn")]
    [InlineData("../gw")]
    [InlineData("10.1.2")]
    [InlineData("")]
    public void IssueGateway_NotAHostName_IsRefused(string host)
    {
        var ex = Assert.Throws<PkiException>(() => _pki.IssueGateway(host));

        Assert.Equal(PkiFailure.InvalidInput, ex.Failure);
        Assert.StartsWith($"host '{host}' ", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("gateway")));
    }

    [Fact]
    public void IssueSystem_CarriesEveryOrgCodeInOrderForClientAuth()
    {
        using var system = _pki.IssueSystem("edoc-g22", [G22, H44]);

        PkiAssert.Chains(system.Certificate, _pki.Root, ClientAuth);
        Assert.Equal([G22, H44], CertificateFactory.ReadOrgCodes(system.Certificate));
        Assert.Equal([ClientAuth], PkiAssert.ExtendedKeyUsages(system.Certificate));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, PkiAssert.KeyUsage(system.Certificate));
        Assert.Equal((_dir.File("systems/edoc-g22.pem"), _dir.File("systems/edoc-g22.key")), (system.CertificatePath, system.KeyPath));
        Assert.Equal(OwnerOnly, PkiAssert.Mode(system.KeyPath));
        Assert.Equal([G22, H44], _pki.Index.Find(system.Entry.Serial)!.OrgCodes);
    }

    [Theory]
    [InlineData("../edoc", "system name '../edoc' has the character '/'; use only letters A-Z a-z, digits, '.', '_' and '-'")]
    [InlineData(".edoc", "system name '.edoc' starts with '.'")]
    [InlineData("edoc g22", "system name 'edoc g22' has the character ' '; use only letters A-Z a-z, digits, '.', '_' and '-'")]
    [InlineData("", "system name '' must be 1 to 64 characters")]
    public void IssueSystem_UnsafeName_IsRefusedNamingIt(string name, string message)
    {
        var ex = Assert.Throws<PkiException>(() => _pki.IssueSystem(name, [G22]));

        Assert.Equal(PkiFailure.InvalidInput, ex.Failure);
        Assert.Equal(message, ex.Message);
        Assert.False(Directory.Exists(_dir.File("systems")));
    }

    [Fact]
    public void IssueSystem_CodeTwiceOrNoCode_IsRefused()
    {
        Assert.Equal($"org code '{G22}' is given twice", Assert.Throws<PkiException>(() => _pki.IssueSystem("edoc", [G22, H44, G22])).Message);
        Assert.Equal("a system certificate needs at least one org code", Assert.Throws<PkiException>(() => _pki.IssueSystem("edoc", [])).Message);
    }

    [Fact]
    public void Issue_FromTwoOpenPkisAtOnce_RecordsEveryCertificate()
    {
        using var other = DevPki.Open(_dir.Pki);
        var codes = Enumerable.Range(10, 8).Select(i => $"000.00.{i}.G22").ToList();

        Parallel.ForEach(codes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (code, _, i) =>
            ((i % 2 == 0 ? _pki : other).IssueOrg(code)).Dispose());

        var index = PkiIndex.Load(_dir.File("index.json"));
        Assert.Equal(codes.Order(StringComparer.Ordinal), index.Certificates.SelectMany(c => c.OrgCodes).Order(StringComparer.Ordinal));
    }
}
