using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Pki;

public sealed class DevPkiInitTests : IDisposable
{
    private readonly PkiTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Init_WritesASelfSignedTenYearRootItsTrustCopyAndAnEmptyFirstCrl()
    {
        using var pki = DevPki.Init(_dir.Pki);

        using var root = X509CertificateLoader.LoadCertificate(File.ReadAllBytes(_dir.File("root.pem")));
        Assert.Equal(root.SubjectName.RawData, root.IssuerName.RawData);
        Assert.Equal("Dev Root CA", root.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(root.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, PkiAssert.KeyUsage(root));
        Assert.InRange((root.NotAfter - root.NotBefore).TotalDays, 3650, 3651);
        Assert.Equal(File.ReadAllText(_dir.File("root.pem")), File.ReadAllText(_dir.File("trust/root.pem")));
        using var rootKey = root.GetECDsaPublicKey();
        Assert.Equal(256, rootKey!.KeySize);

        var crl = PkiAssert.Crl(File.ReadAllBytes(_dir.File("crl/root.crl")), root);
        Assert.Equal(1, crl.Number);
        Assert.Empty(crl.Serials);
        Assert.Equal(TimeSpan.FromDays(7), crl.NextUpdate - crl.ThisUpdate);
    }

    [Fact]
    public void Init_RecordsTheRootAndCrlNumberInTheIndex()
    {
        using var pki = DevPki.Init(_dir.Pki);

        var index = PkiIndex.Load(_dir.File("index.json"));
        Assert.Equal("http://127.0.0.1:7480/root.crl", index.CrlUrl);
        Assert.Equal(1, index.CrlNumber);
        var root = Assert.Single(index.Certificates);
        Assert.Equal(pki.Root.SerialNumber, root.Serial);
        Assert.Equal(PkiCertificateKind.Root, root.Kind);
        Assert.Equal(("root.pem", "private/root.key"), (root.Certificate, root.Key));
        Assert.Null(root.RevokedAt);
        var json = File.ReadAllText(_dir.File("index.json"));
        Assert.Contains("\"kind\": \"root\"", json, StringComparison.Ordinal);
        Assert.Contains("\"revokedAt\": null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_PrivateKeyIsOwnerOnlyInAnOwnerOnlyDirectory()
    {
        using var pki = DevPki.Init(_dir.Pki);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, PkiAssert.Mode(_dir.File("private/root.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, PkiAssert.Mode(_dir.File("private")));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(_dir.File("private/root.key")), StringComparison.Ordinal);
        // No temporary or staging files are left beside the PKI.
        Assert.Equal(["pki"], Directory.EnumerateFileSystemEntries(_dir.Parent).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.EnumerateFiles(_dir.Pki, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ecdsa-p256", false, 256)]
    [InlineData("ecdsa-p384", false, 384)]
    [InlineData("rsa-2048", true, 2048)]
    public void Init_OtherKeyType_RootHasItAndStillIssuesAndRevokes(string keyType, bool isRsa, int keySize)
    {
        using var pki = DevPki.Init(_dir.Pki, new DevPkiOptions { KeyKind = KeyKindNames.Parse(keyType), Name = "Other Root", CrlUrl = "http://crl.example/dev.crl" });
        using var org = pki.IssueOrg("000.00.00.G22");
        pki.Revoke(org.Entry.Serial);

        using var reopened = DevPki.Open(_dir.Pki);
        using AsymmetricAlgorithm rootKey = isRsa ? reopened.Root.GetRSAPublicKey()! : reopened.Root.GetECDsaPublicKey()!;
        Assert.Equal(keySize, rootKey.KeySize);
        Assert.Equal("Other Root", reopened.Root.GetNameInfo(X509NameType.SimpleName, false));
        PkiAssert.Chains(org.Certificate, reopened.Root);
        Assert.Equal([org.Entry.Serial], PkiAssert.Crl(File.ReadAllBytes(reopened.CrlPath), reopened.Root).Serials);
        Assert.Equal("http://crl.example/dev.crl", reopened.CrlUrl.AbsoluteUri);
    }

    [Fact]
    public void Init_ExistingPki_IsRefusedAndLeftUntouched()
    {
        DevPki.Init(_dir.Pki).Dispose();
        var before = File.ReadAllBytes(_dir.File("private/root.key"));

        var ex = Assert.Throws<PkiException>(() => DevPki.Init(_dir.Pki));

        Assert.Equal(PkiFailure.Refused, ex.Failure);
        Assert.Equal(
            $"a PKI already exists in '{_dir.Pki}' (it has index.json); init never overwrites one: choose another --dir or remove it",
            ex.Message);
        Assert.Equal(before, File.ReadAllBytes(_dir.File("private/root.key")));
    }

    [Fact]
    public void Init_NonEmptyDirectory_IsRefusedNamingWhatIsThere()
    {
        Directory.CreateDirectory(_dir.Pki);
        File.WriteAllText(_dir.File("notes.txt"), "mine");

        var ex = Assert.Throws<PkiException>(() => DevPki.Init(_dir.Pki));

        Assert.Equal(PkiFailure.Refused, ex.Failure);
        Assert.Equal($"'{_dir.Pki}' is not empty (it has 'notes.txt'); init makes a PKI only in a new or empty directory", ex.Message);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(_dir.Pki).Select(Path.GetFileName));
    }

    [Fact]
    public void Init_EmptyExistingDirectory_BecomesThePki()
    {
        Directory.CreateDirectory(_dir.Pki);

        using var pki = DevPki.Init(_dir.Pki);

        Assert.Equal(
            ["crl", "index.json", "private", "root.pem", "trust"],
            Directory.EnumerateFileSystemEntries(_dir.Pki).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(PkiCertificateKind.Root, DevPki.Open(_dir.Pki).Index.Certificates[0].Kind);
    }

    [Theory]
    [InlineData(false, "write private/root.key")]
    [InlineData(false, "write crl/root.crl")]
    [InlineData(false, "write index.json")]
    [InlineData(true, "write index.json")]
    [InlineData(true, "move private")]
    [InlineData(true, "move index.json")]
    public void Init_FailingPartWay_LeavesNoPkiBehind(bool directoryExists, string failingStep)
    {
        if (directoryExists)
            Directory.CreateDirectory(_dir.Pki);
        var steps = new List<string>();

        var ex = Assert.Throws<IOException>(() => DevPki.Init(_dir.Pki, new DevPkiOptions(), TimeProvider.System, step =>
        {
            steps.Add(step);
            if (step == failingStep)
                throw new IOException("disk full");
        }));

        Assert.Equal("disk full", ex.Message);
        Assert.Contains(failingStep, steps);
        if (directoryExists)
            Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Pki));
        else
            Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Parent));
        // Nothing stands in the way of a second attempt.
        using var pki = DevPki.Init(_dir.Pki);
        Assert.True(File.Exists(_dir.File("index.json")));
    }

    [Theory]
    [InlineData("", 3650, "http://127.0.0.1:7480/root.crl", "name '' must be 1 to 64 characters and not blank")]
    [InlineData("Root", 0, "http://127.0.0.1:7480/root.crl", "days 0 is out of range: a certificate must be valid for 1 to 36500 days")]
    [InlineData("Root", 3650, "ftp://host/root.crl", "CRL URL 'ftp://host/root.crl' is not an absolute http:// or https:// URL")]
    [InlineData("Root", 3650, "root.crl", "CRL URL 'root.crl' is not an absolute http:// or https:// URL")]
    public void Init_BadOption_IsRefusedNamingTheValueAndWritesNothing(string name, int days, string crlUrl, string message)
    {
        var ex = Assert.Throws<PkiException>(() => DevPki.Init(_dir.Pki, new DevPkiOptions { Name = name, ValidityDays = days, CrlUrl = crlUrl }));

        Assert.Equal(PkiFailure.InvalidInput, ex.Failure);
        Assert.Equal(message, ex.Message);
        Assert.False(Directory.Exists(_dir.Pki));
    }

    [Fact]
    public void Init_PathThatIsAFile_IsRefused()
    {
        File.WriteAllText(_dir.Pki, "not a directory");

        var ex = Assert.Throws<PkiException>(() => DevPki.Init(_dir.Pki));

        Assert.Equal(PkiFailure.InvalidInput, ex.Failure);
        Assert.Equal($"'{_dir.Pki}' is a file, not a directory", ex.Message);
    }

    [Fact]
    public void Open_DirectoryWithoutAPki_SaysSo()
    {
        var ex = Assert.Throws<PkiException>(() => DevPki.Open(_dir.Parent));

        Assert.Equal(PkiFailure.NotFound, ex.Failure);
        Assert.Equal($"no PKI in '{_dir.Parent}': it has no index.json (make one with 'gateway pki init')", ex.Message);
    }

    [Fact]
    public void Open_RootReplacedBehindTheIndex_IsDamaged()
    {
        DevPki.Init(_dir.Pki).Dispose();
        var other = Path.Combine(_dir.Parent, "other");
        DevPki.Init(other).Dispose();
        File.Copy(Path.Combine(other, "root.pem"), _dir.File("root.pem"), overwrite: true);
        File.Copy(Path.Combine(other, "private/root.key"), _dir.File("private/root.key"), overwrite: true);

        var ex = Assert.Throws<PkiException>(() => DevPki.Open(_dir.Pki));

        Assert.Equal(PkiFailure.Damaged, ex.Failure);
        Assert.Contains("records root", ex.Message, StringComparison.Ordinal);
    }
}
