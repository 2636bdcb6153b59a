using System.Net;
using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class OptionsReaderTests
{
    private static GatewayOptions Read(params (string Key, string Value)[] settings) =>
        OptionsReader.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    private static ConfigurationException Refused(params (string Key, string Value)[] settings) =>
        Assert.Throws<ConfigurationException>(() => Read(settings));

    [Fact]
    public void Read_NoSettings_UsesDocumentedDefaults()
    {
        var options = Read();

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7400), options.Grpc.Endpoint);
        Assert.Null(options.Grpc.Tls);
        Assert.Equal(1000, options.Grpc.MaxStreamsPerConnection);
        Assert.Equal(Path.GetFullPath("./data"), options.Store.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Store.BusyTimeout);
        Assert.Equal(TimeSpan.FromHours(1), options.Store.MaintenanceInterval);
        Assert.Equal(64 * 1024, options.Store.SmallPayloadBytes);
        Assert.Equal(LogFormat.Text, options.Log.Format);
        Assert.Null(options.Log.FilePath);
        Assert.Equal(4 * 1024 * 1024, options.Limits.InlinePayloadBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Shutdown.GracePeriod);
    }

    [Fact]
    public void Read_ShippedAppSettings_MatchTheBuiltInDefaults()
    {
        // appsettings.json documents the defaults to operators; it must not disagree with the code.
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        Assert.Equal(Read(), OptionsReader.Read(shipped));
    }

    [Theory]
    [InlineData("localhost:7400", "127.0.0.1", 7400)]
    [InlineData("*:7400", "0.0.0.0", 7400)]
    [InlineData("[::1]:7401", "::1", 7401)]
    [InlineData("10.0.0.5:0", "10.0.0.5", 0)]
    public void Read_EndpointForms_Parse(string text, string address, int port)
    {
        var options = Read(("Grpc:Endpoint", text));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), options.Grpc.Endpoint);
    }

    [Theory]
    [InlineData("abc", "is not HOST:PORT")]
    [InlineData("127.0.0.1:", "is not HOST:PORT")]
    [InlineData("127.0.0.1:70000", "is not a port number")]
    [InlineData("127.0.0.1:-1", "is not a port number")]
    [InlineData("gateway.example:7400", "is not an IP address")]
    [InlineData("::1:7400", "IPv6 goes in brackets")]
    public void Read_BadEndpoint_FailsNamingKeyAndReason(string text, string reason)
    {
        var error = Refused(("Grpc:Endpoint", text));
        Assert.Equal("Grpc:Endpoint", error.Key);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Grpc:Endpoint: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoListenerAtAll_Fails()
    {
        var error = Refused(("Grpc:Endpoint", ""));
        Assert.Equal("Grpc:Endpoint", error.Key);
        Assert.Contains("no listener", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Shutdown:GracePeriod", "ten seconds", "is not a duration")]
    [InlineData("Shutdown:GracePeriod", "2h", "is outside")]
    [InlineData("Store:BusyTimeout", "-1s", "is not a duration")]
    [InlineData("Store:MaintenanceInterval", "10s", "is outside")]
    [InlineData("Store:SmallPayloadBytes", "2MiB", "is outside")]
    [InlineData("Limits:InlinePayloadBytes", "4MB", "is not a size")]
    [InlineData("Limits:InlinePayloadBytes", "100", "is outside")]
    [InlineData("Limits:InlinePayloadBytes", "1GiB", "is outside")]
    [InlineData("Grpc:MaxStreamsPerConnection", "many", "is not a whole number")]
    [InlineData("Grpc:MaxStreamsPerConnection", "0", "is outside")]
    [InlineData("Log:Format", "xml", "is not one of: text, json")]
    [InlineData("Log:MinimumLevel", "loud", "is not one of")]
    [InlineData("Log:MinimumLevel", "2", "is not one of")]
    [InlineData("Log:RetainedFiles", "0", "is outside")]
    public void Read_BadValue_FailsNamingTheKey(string key, string value, string reason)
    {
        var error = Refused((key, value));
        Assert.Equal(key, error.Key);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("00:00:45", 45)]
    public void Read_DurationForms_Parse(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Read(("Shutdown:GracePeriod", text)).Shutdown.GracePeriod);
    }

    [Theory]
    [InlineData("65536", 65536)]
    [InlineData("64KiB", 65536)]
    [InlineData("8MiB", 8 * 1024 * 1024)]
    public void Read_SizeForms_Parse(string text, int bytes)
    {
        Assert.Equal(bytes, Read(("Limits:InlinePayloadBytes", text)).Limits.InlinePayloadBytes);
    }

    [Fact]
    public void Read_MisspeltKeyInOwnSection_FailsListingKnownKeys()
    {
        var error = Refused(("Grpc:Endpiont", "127.0.0.1:7400"));
        Assert.Equal("Grpc:Endpiont", error.Key);
        Assert.Contains("is not a setting", error.Reason, StringComparison.Ordinal);
        Assert.Contains("Grpc:Endpoint", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_KeysOfOtherSections_AreLeftAlone()
    {
        var options = Read(("Serilog:MinimumLevel:Override:Gateway", "Debug"), ("Kestrel:Whatever", "x"));
        Assert.NotNull(options);
    }

    [Fact]
    public void Read_KeysAreCaseInsensitive()
    {
        Assert.Equal(7401, Read(("grpc:endpoint", "127.0.0.1:7401")).Grpc.Endpoint!.Port);
    }

    [Fact]
    public void Read_TlsEndpointWithoutFiles_FailsNamingCertificateKey()
    {
        var error = Refused(("Grpc:Tls:Endpoint", "127.0.0.1:7443"));
        Assert.Equal("Grpc:Tls:CertificateFile", error.Key);
        Assert.Contains("is required", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TlsFileMissing_FailsNamingThePath()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("nope.pem");
        var error = Refused(("Grpc:Tls:Endpoint", "127.0.0.1:7443"), ("Grpc:Tls:CertificateFile", missing), ("Grpc:Tls:KeyFile", missing));
        Assert.Equal("Grpc:Tls:CertificateFile", error.Key);
        Assert.Contains(missing, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TlsKeyNotMatchingCertificate_Fails()
    {
        using var dir = new TempDirectory();
        using var first = new TestPki(Directory.CreateDirectory(dir.Combine("a")).FullName);
        using var second = new TestPki(Directory.CreateDirectory(dir.Combine("b")).FullName);

        var error = Refused(("Grpc:Tls:Endpoint", "127.0.0.1:7443"),
            ("Grpc:Tls:CertificateFile", first.CertificateFile), ("Grpc:Tls:KeyFile", second.KeyFile));

        Assert.Equal("Grpc:Tls:CertificateFile", error.Key);
        Assert.Contains("cannot load", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TlsWithValidPair_LoadsIt()
    {
        using var dir = new TempDirectory();
        using var pki = new TestPki(dir.Path);

        var options = Read(("Grpc:Tls:Endpoint", "127.0.0.1:7443"),
            ("Grpc:Tls:CertificateFile", pki.CertificateFile), ("Grpc:Tls:KeyFile", pki.KeyFile));

        Assert.Equal(7443, options.Grpc.Tls!.Endpoint.Port);
        Assert.Equal(pki.CertificateFile, options.Grpc.Tls.CertificateFile);
    }

    [Fact]
    public void Read_DataDirectoryIsAFile_Fails()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("file");
        File.WriteAllText(file, "x");

        var error = Refused(("Store:DataDirectory", file));
        Assert.Equal("Store:DataDirectory", error.Key);
        Assert.Contains("is a file", error.Reason, StringComparison.Ordinal);
    }
}
