using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.Extensions.Configuration;
using TempDirectory = Gateway.Tests.Support.TempDirectory;

namespace Gateway.Tests.Configuration;

/// <summary>Grpc:Tls:ClientCertificates and Grpc:Tls:ClientCa: read, defaulted, and refused where they could not take effect.</summary>
public sealed class ClientCertificateSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestPki _pki;

    public ClientCertificateSettingsTests() => _pki = new TestPki(_dir.Path);

    private GatewayOptions Read(params (string Key, string Value)[] settings) =>
        OptionsReader.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    private GatewayOptions ReadWithTls(params (string Key, string Value)[] settings) =>
        Read([("Grpc:Tls:Endpoint", "127.0.0.1:0"), ("Grpc:Tls:CertificateFile", _pki.CertificateFile), ("Grpc:Tls:KeyFile", _pki.KeyFile), .. settings]);

    private string CaDirectory(bool withRoot)
    {
        var directory = _dir.Combine(withRoot ? "client-ca" : "empty-ca");
        Directory.CreateDirectory(directory);
        if (withRoot)
            File.Copy(_pki.CaFile, Path.Combine(directory, "root.pem"));
        return directory;
    }

    [Fact]
    public void Read_TlsWithoutTheSetting_AsksForNoClientCertificates()
    {
        Assert.Null(ReadWithTls().Grpc.Tls!.ClientCertificates);
    }

    [Fact]
    public void Read_OnWithoutClientCa_UsesTheSignatureAnchors()
    {
        var client = ReadWithTls(("Grpc:Tls:ClientCertificates", "true")).Grpc.Tls!.ClientCertificates;

        Assert.NotNull(client);
        Assert.Null(client.Anchors);
        Assert.Null(client.AnchorsSetting);
    }

    [Fact]
    public void Read_OnWithClientCa_LoadsItsRoots()
    {
        var directory = CaDirectory(withRoot: true);

        var client = ReadWithTls(("Grpc:Tls:ClientCertificates", "TRUE"), ("Grpc:Tls:ClientCa", directory)).Grpc.Tls!.ClientCertificates!;

        Assert.Equal(_pki.Root.Thumbprint, Assert.Single(client.Anchors!.Roots).Thumbprint);
        Assert.Equal(directory, client.AnchorsSetting);
    }

    [Fact]
    public void Read_OnWithoutATlsListener_FailsSayingItNeedsOne()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => Read(("Grpc:Tls:ClientCertificates", "true")));

        Assert.Equal("Grpc:Tls:ClientCertificates", refusal.Key);
        Assert.Contains("Grpc:Tls:Endpoint is not set", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientCaWhileOff_FailsSayingToTurnItOn()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => ReadWithTls(("Grpc:Tls:ClientCa", CaDirectory(withRoot: true))));

        Assert.Equal("Grpc:Tls:ClientCa", refusal.Key);
        Assert.Contains("Grpc:Tls:ClientCertificates is false", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientCaMissing_FailsNamingIt()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => ReadWithTls(("Grpc:Tls:ClientCertificates", "true"), ("Grpc:Tls:ClientCa", "/nonexistent/client-ca")));

        Assert.Equal("Grpc:Tls:ClientCa", refusal.Key);
        Assert.Contains("'/nonexistent/client-ca' does not exist", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientCaWithoutARoot_FailsBecauseEveryCertificateWouldBeRefused()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => ReadWithTls(("Grpc:Tls:ClientCertificates", "true"), ("Grpc:Tls:ClientCa", CaDirectory(withRoot: false))));

        Assert.Equal("Grpc:Tls:ClientCa", refusal.Key);
        Assert.Contains("holds no root", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientCaIsAFile_Fails()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => ReadWithTls(("Grpc:Tls:ClientCertificates", "true"), ("Grpc:Tls:ClientCa", _pki.CaFile)));

        Assert.Contains("is a file, not a directory", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotABoolean_FailsNamingTheChoices()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => ReadWithTls(("Grpc:Tls:ClientCertificates", "required")));

        Assert.Equal("Grpc:Tls:ClientCertificates", refusal.Key);
        Assert.Contains("true or false", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_ListBothKeys()
    {
        Assert.Equal("false", OptionsReader.Defaults["Grpc:Tls:ClientCertificates"]);
        Assert.Equal("", OptionsReader.Defaults["Grpc:Tls:ClientCa"]);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }
}
