using System.Security.Cryptography.X509Certificates;
using Gateway.Cli;
using Gateway.Tests.Support;

namespace Gateway.Tests.Cli.Pki;

/// <summary>`gateway pki issue-org CODE --purpose encryption` as the real executable.</summary>
public sealed class PkiIssueEncryptionCommandTests : IAsyncLifetime
{
    private const string H41 = "000.00.00.H41";
    private readonly TempDirectory _dir = new();

    public async ValueTask InitializeAsync() => Assert.Equal(ExitCodes.Ok, (await RunAsync("init")).Exit);

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<PkiProcess.Result> RunAsync(params string[] arguments) => PkiProcess.RunAsync(_dir.Path, arguments);

    [Theory]
    [InlineData("ecdsa-p256", X509KeyUsageFlags.KeyAgreement)]
    [InlineData("rsa-2048", X509KeyUsageFlags.KeyEncipherment)]
    public async Task IssueOrg_PurposeEncryption_WritesTheEncryptionCertificateBesideTheSigningOne(string keyType, X509KeyUsageFlags usage)
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("issue-org", H41)).Exit);

        var json = await PkiProcess.RunJsonAsync(_dir.Path, "issue-org", H41, "--purpose", "encryption", "--key-type", keyType);

        Assert.Equal("orgEncryption", json.GetProperty("kind").GetString());
        Assert.Equal(_dir.Combine("pki", "orgs", $"{H41}.encryption.pem"), json.GetProperty("certificate").GetString());
        Assert.Equal(_dir.Combine("pki", "orgs", $"{H41}.encryption.key"), json.GetProperty("key").GetString());
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(json.GetProperty("certificate").GetString()!);
        Assert.Equal(usage, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.True(File.Exists(_dir.Combine("pki", "orgs", $"{H41}.pem")), "the signing certificate stays");
    }

    [Fact]
    public async Task IssueOrg_PurposeEncryption_SaysWhatItIssued()
    {
        var result = await RunAsync("issue-org", H41, "--purpose", "encryption");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith($"Issued org encryption certificate for {H41}, serial ", result.Out[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueOrg_UnknownPurpose_IsABadCommandLine()
    {
        var result = await RunAsync("issue-org", H41, "--purpose", "sealing");

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Equal(["gateway: pki issue-org: --purpose: 'sealing' is not signing or encryption"], result.Err);
    }
}
