using Gateway.Configuration;
using Gateway.Crypto.Trust;
using Gateway.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class SignatureSettingsTests
{
    private static GatewayOptions Read(params (string Key, string Value)[] settings) =>
        OptionsReader.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Read_Defaults_RequireSignaturesWithHardFailAndOneWorkerPerCore()
    {
        var options = Read().Signatures;

        Assert.True(options.Required);
        Assert.Equal(RevocationPolicy.HardFail, options.Revocation);
        Assert.Equal(Environment.ProcessorCount, options.VerifyWorkers);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RevocationTimeout);
    }

    [Fact]
    public void Read_TrustAnchorsDirectorySetOnPurposeButMissing_FailsNamingIt()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => Read(("Signatures:TrustAnchors", "/nonexistent/trust")));

        Assert.Contains("Signatures:TrustAnchors", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrustAnchorFileWithoutACertificate_FailsNamingTheFile()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Path);
        File.WriteAllText(dir.Combine("root.pem"), "not a certificate");

        var refusal = Assert.Throws<ConfigurationException>(() => Read(("Signatures:TrustAnchors", dir.Path)));

        Assert.Contains("root.pem", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Signatures:Revocation", "sometimes", "hard-fail, soft-fail")]
    [InlineData("Signatures:Required", "yes", "true or false")]
    public void Read_BadValue_FailsNamingTheChoices(string key, string value, string expected)
    {
        var refusal = Assert.Throws<ConfigurationException>(() => Read((key, value)));

        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SoftFail_IsRead()
    {
        Assert.Equal(RevocationPolicy.SoftFail, Read(("Signatures:Revocation", "soft-fail")).Signatures.Revocation);
    }
}
