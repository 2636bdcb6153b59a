using System.Net;
using System.Security.Cryptography.X509Certificates;
using Gateway.Cli;
using Gateway.Crypto.Pki;
using Gateway.Tests.Support;

namespace Gateway.Tests.Cli.Pki;

/// <summary>`gateway pki init` and `issue-*` as the real executable.</summary>
public sealed class PkiCommandTests : IDisposable
{
    private const string G22 = "000.00.00.G22";
    private const string H44 = "000.00.24.H44";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Pki => _dir.Combine("pki");

    private Task<PkiProcess.Result> RunAsync(params string[] arguments) => PkiProcess.RunAsync(_dir.Path, arguments);

    private static X509Certificate2 Load(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    private static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : File.GetUnixFileMode(path);

    [Fact]
    public async Task Init_WithoutDir_MakesThePkiUnderDotPkiAndNamesEachFileAndTheSerial()
    {
        var result = await RunAsync("init");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Empty(result.Err);
        using var root = Load(_dir.Combine("pki", "root.pem"));
        Assert.Equal(
            $"Created root CA 'Dev Root CA' (ecdsa-p256), serial {root.SerialNumber}, valid until {PkiTime.Format(new DateTimeOffset(root.NotAfter))}.",
            result.Out[0]);
        Assert.Equal(
            [
                $"  certificate   {_dir.Combine("pki", "root.pem")}",
                $"  private key   {_dir.Combine("pki", "private", "root.key")}",
                $"  CRL #1        {_dir.Combine("pki", "crl", "root.crl")} (certificates point to http://127.0.0.1:7480/root.crl)",
                $"  trust anchor  {_dir.Combine("pki", "trust", "root.pem")}",
                $"  index         {_dir.Combine("pki", "index.json")}",
            ],
            result.Out.Skip(1).Take(5));
    }

    [Fact]
    public async Task Init_Json_GivesTheSerialAndEveryFileWritten()
    {
        var json = await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki, "--name", "Test Root", "--key-type", "ecdsa-p384", "--days", "30",
            "--crl-url", "http://crl.test:9000/root.crl");

        Assert.Equal(
            ["serial", "subject", "keyType", "notAfter", "certificate", "key", "crl", "crlNumber", "crlUrl", "trust", "index"],
            json.EnumerateObject().Select(p => p.Name));
        using var root = Load(json.GetProperty("certificate").GetString()!);
        Assert.Equal(root.SerialNumber, json.GetProperty("serial").GetString());
        Assert.Equal("Test Root", json.GetProperty("subject").GetString());
        Assert.Equal("ecdsa-p384", json.GetProperty("keyType").GetString());
        Assert.Equal(384, root.GetECDsaPublicKey()!.KeySize);
        Assert.InRange((root.NotAfter - root.NotBefore).TotalDays, 30, 30.01);
        Assert.Equal(1, json.GetProperty("crlNumber").GetInt32());
        Assert.Equal("http://crl.test:9000/root.crl", json.GetProperty("crlUrl").GetString());
        Assert.Equal(Path.Combine(Pki, "private", "root.key"), json.GetProperty("key").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, ModeOf(json.GetProperty("key").GetString()!));
        Assert.True(File.Exists(json.GetProperty("crl").GetString()));
        Assert.Equal(File.ReadAllText(json.GetProperty("certificate").GetString()!), File.ReadAllText(json.GetProperty("trust").GetString()!));
    }

    [Fact]
    public async Task Init_OverAnExistingPki_IsRefusedWithExitFiveAndOneLine()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("init", "--dir", Pki)).Exit);
        var key = File.ReadAllBytes(Path.Combine(Pki, "private", "root.key"));

        var result = await RunAsync("init", "--dir", Pki);

        Assert.Equal(ExitCodes.Refused, result.Exit);
        Assert.Empty(result.Out);
        Assert.Equal(
            $"gateway: pki init: a PKI already exists in '{Pki}' (it has index.json); init never overwrites one: choose another --dir or remove it",
            Assert.Single(result.Err));
        Assert.Equal(key, File.ReadAllBytes(Path.Combine(Pki, "private", "root.key")));
    }

    [Theory]
    [InlineData(new[] { "--key-type", "rsa-1024" }, "gateway: pki init: key type 'rsa-1024' is not one of ecdsa-p256|ecdsa-p384|rsa-2048|rsa-3072")]
    [InlineData(new[] { "--days", "0" }, "gateway: pki init: days 0 is out of range: a certificate must be valid for 1 to 36500 days")]
    [InlineData(new[] { "--crl-url", "root.crl" }, "gateway: pki init: CRL URL 'root.crl' is not an absolute http:// or https:// URL")]
    [InlineData(new[] { "--verbose" }, "gateway: pki init: unexpected '--verbose' (see 'gateway pki init --help')")]
    public async Task Init_BadOption_ExitsTwoWithOneLineAndWritesNothing(string[] options, string error)
    {
        var result = await RunAsync(["init", "--dir", Pki, .. options]);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Equal(error, Assert.Single(result.Err));
        Assert.False(Directory.Exists(Pki));
    }

    [Fact]
    public async Task Pki_WithoutACommand_ExitsTwoListingThem()
    {
        var result = await RunAsync();

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.StartsWith("gateway: pki: name a command: init, issue-org, ", Assert.Single(result.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueOrg_Json_GivesSerialFilesAndOrgCodeOfACertificateChainingToTheRoot()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var json = await PkiProcess.RunJsonAsync(_dir.Path, "issue-org", G22, "--dir", Pki);

        Assert.Equal(
            ["kind", "serial", "subject", "orgCodes", "notAfter", "certificate", "key", "root", "crlUrl"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("org", json.GetProperty("kind").GetString());
        Assert.Equal([G22], json.GetProperty("orgCodes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Path.Combine(Pki, "orgs", $"{G22}.pem"), json.GetProperty("certificate").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, ModeOf(json.GetProperty("key").GetString()!));
        using var leaf = X509Certificate2.CreateFromPemFile(json.GetProperty("certificate").GetString()!, json.GetProperty("key").GetString()!);
        using var root = Load(json.GetProperty("root").GetString()!);
        Assert.Equal(leaf.SerialNumber, json.GetProperty("serial").GetString());
        Assert.Equal([G22], CertificateFactory.ReadOrgCodes(leaf));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public async Task IssueOrg_Human_NamesTheFilesAndTheSerial()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var result = await RunAsync("issue-org", G22, "--name", "Van phong Chinh phu", "--dir", Pki);

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var leaf = Load(Path.Combine(Pki, "orgs", $"{G22}.pem"));
        Assert.StartsWith($"Issued org certificate for {G22}, serial {leaf.SerialNumber}, valid until ", result.Out[0], StringComparison.Ordinal);
        Assert.Equal($"  certificate   {Path.Combine(Pki, "orgs", $"{G22}.pem")}", result.Out[2]);
        Assert.Equal($"  private key   {Path.Combine(Pki, "orgs", $"{G22}.key")}", result.Out[3]);
        Assert.Equal("Van phong Chinh phu", leaf.GetNameInfo(X509NameType.SimpleName, false));
    }

    [Fact]
    public async Task IssueOrg_BadCode_ExitsTwoNamingIt()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var result = await RunAsync("issue-org", "000.00.0.G22", "--dir", Pki);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.StartsWith("gateway: pki issue-org: '000.00.0.G22' is not an organisation code: ", Assert.Single(result.Err), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Pki, "orgs")));
    }

    [Fact]
    public async Task IssueOrg_AgainWhileInForce_IsRefusedWithExitFive()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);
        var first = await PkiProcess.RunJsonAsync(_dir.Path, "issue-org", G22, "--dir", Pki);

        var result = await RunAsync("issue-org", G22, "--dir", Pki);

        Assert.Equal(ExitCodes.Refused, result.Exit);
        Assert.Contains($"serial {first.GetProperty("serial").GetString()}", Assert.Single(result.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueOrg_WithoutAPki_ExitsTwoSayingHowToMakeOne()
    {
        var result = await RunAsync("issue-org", G22, "--dir", Pki);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Equal($"gateway: pki issue-org: no PKI in '{Pki}': it has no index.json (make one with 'gateway pki init')", Assert.Single(result.Err));
        Assert.False(Directory.Exists(Pki));
    }

    [Fact]
    public async Task IssueGateway_Localhost_CoversBothLoopbacksAndTheGivenAddressesForServerAuth()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var json = await PkiProcess.RunJsonAsync(_dir.Path, "issue-gateway", "localhost", "--ip", "10.1.2.3", "--ip", "fd00::7", "--dir", Pki);

        Assert.Equal("gateway", json.GetProperty("kind").GetString());
        Assert.Equal(Path.Combine(Pki, "gateway", "localhost.pem"), json.GetProperty("certificate").GetString());
        using var leaf = Load(json.GetProperty("certificate").GetString()!);
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.Equal(
            [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("10.1.2.3"), IPAddress.Parse("fd00::7")],
            san.EnumerateIPAddresses());
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
    }

    [Fact]
    public async Task IssueGateway_BadIp_ExitsTwoNamingIt()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var result = await RunAsync("issue-gateway", "gw.example.vn", "--ip", "10.1.2", "--dir", Pki);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Equal("gateway: pki issue-gateway: --ip: '10.1.2' is not an IP address", Assert.Single(result.Err));
    }

    [Fact]
    public async Task IssueSystem_CarriesEachOrgCodeForClientAuth()
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var json = await PkiProcess.RunJsonAsync(_dir.Path, "issue-system", "edoc-g22", "--org", G22, "--org", H44, "--key-type", "rsa-2048", "--dir", Pki);

        Assert.Equal("system", json.GetProperty("kind").GetString());
        Assert.Equal([G22, H44], json.GetProperty("orgCodes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Path.Combine(Pki, "systems", "edoc-g22.key"), json.GetProperty("key").GetString());
        using var leaf = Load(json.GetProperty("certificate").GetString()!);
        Assert.Equal([G22, H44], CertificateFactory.ReadOrgCodes(leaf));
        Assert.Equal(2048, leaf.GetRSAPublicKey()!.KeySize);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
    }

    [Theory]
    [InlineData(new[] { "../edoc", "--org", G22 }, "gateway: pki issue-system: system name '../edoc' has the character '/'; use only letters A-Z a-z, digits, '.', '_' and '-'")]
    [InlineData(new[] { "edoc", "--org", "G22" }, "gateway: pki issue-system: 'G22' is not an organisation code")]
    [InlineData(new[] { "edoc" }, "gateway: pki issue-system: Option '--org' is required (see 'gateway pki issue-system --help')")]
    public async Task IssueSystem_BadInput_ExitsTwoNamingIt(string[] arguments, string error)
    {
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki);

        var result = await RunAsync(["issue-system", .. arguments, "--dir", Pki]);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.StartsWith(error, Assert.Single(result.Err), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Pki, "systems")));
    }
}
