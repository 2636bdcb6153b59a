using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Gateway.Cli;
using Gateway.Tests.Support;

namespace Gateway.Tests.Cli.Pki;

/// <summary>`gateway pki serve-crl` as the real executable, over real HTTP on a free port.</summary>
public sealed partial class PkiServeCrlTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly int _port = FreePort.Next();

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private string Pki => _dir.Combine("pki");

    private string CrlFile => Path.Combine(Pki, "crl", "root.crl");

    /// <summary>A PKI whose certificates name this test's port as their CRL distribution point.</summary>
    private async Task InitAsync() =>
        await PkiProcess.RunJsonAsync(_dir.Path, "init", "--dir", Pki, "--crl-url", $"http://127.0.0.1:{_port}/root.crl");

    private async Task<DaemonProcess> ServeAsync()
    {
        var server = DaemonProcess.Start(_dir.Path, "pki", "serve-crl", "--listen", $"127.0.0.1:{_port}", "--dir", Pki);
        await server.WaitForLineAsync(line => line.StartsWith("Serving ", StringComparison.Ordinal), Timeout);
        return server;
    }

    /// <summary>The CRL distribution point URL written in a certificate, as openssl prints it ("URI:http://...").</summary>
    private static Uri DistributionPoint(string certificateFile)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile));
        var extension = certificate.Extensions.Single(e => e.Oid?.Value == "2.5.29.31");
        return new Uri(UriPattern().Match(new AsnEncodedData(extension.Oid, extension.RawData).Format(false)).Value);
    }

    [GeneratedRegex(@"http://[^\s,]+")]
    private static partial Regex UriPattern();

    private static BigInteger CrlNumber(byte[] crl)
    {
        CertificateRevocationListBuilder.Load(crl, out var number);
        return number;
    }

    [Fact]
    public async Task ServeCrl_ServesTheCrlAtTheCertificatesDistributionPoint_AndARevokeIsVisibleInTheNextGet()
    {
        await InitAsync();
        var org = await PkiProcess.RunJsonAsync(_dir.Path, "issue-org", "000.00.00.G22", "--dir", Pki);
        var serial = org.GetProperty("serial").GetString()!;
        var url = DistributionPoint(org.GetProperty("certificate").GetString()!);
        Assert.Equal($"http://127.0.0.1:{_port}/root.crl", url.AbsoluteUri);
        await using var server = await ServeAsync();

        using var first = await _http.GetAsync(url, TestContext.Current.CancellationToken);
        var firstBody = await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        await PkiProcess.RunJsonAsync(_dir.Path, "revoke", serial, "--dir", Pki);
        var secondBody = await _http.GetByteArrayAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/pkix-crl", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, CrlNumber(firstBody));
        Assert.Equal(File.ReadAllBytes(CrlFile), secondBody);
        Assert.Equal(2, CrlNumber(secondBody));
        Assert.True(CertificateRevocationListBuilder.Load(secondBody, out _).RemoveEntry(Convert.FromHexString(serial)));
        Assert.Contains(server.StandardOutput, line => line.EndsWith($" 127.0.0.1 GET /root.crl 200 {secondBody.Length}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServeCrl_AnythingButACrlFile_IsNotServed_AndEachRequestIsLogged()
    {
        await InitAsync();
        await using var server = await ServeAsync();
        var root = new Uri($"http://127.0.0.1:{_port}/");

        using var index = await _http.GetAsync(new Uri(root, "index.json"), TestContext.Current.CancellationToken);
        using var key = await _http.GetAsync(new Uri(root, "..%2Fprivate%2Froot.key"), TestContext.Current.CancellationToken);
        using var missing = await _http.GetAsync(new Uri(root, "other.crl"), TestContext.Current.CancellationToken);
        using var post = await _http.PostAsync(new Uri(root, "root.crl"), new ByteArrayContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, index.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, key.StatusCode);
        Assert.Empty(await key.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        await server.WaitForLineAsync(line => line.EndsWith(" POST /root.crl 405 0", StringComparison.Ordinal), Timeout);
        Assert.Contains(server.StandardOutput, line => line.EndsWith(" GET /index.json 404 0", StringComparison.Ordinal));
        Assert.Contains(server.StandardOutput, line => line.EndsWith(" GET /other.crl 404 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServeCrl_Sigterm_StopsCleanly()
    {
        await InitAsync();
        await using var server = await ServeAsync();

        server.Terminate();

        Assert.Equal(ExitCodes.Ok, await server.WaitForExitAsync(Timeout));
        Assert.Equal("Stopped.", server.StandardOutput[^1]);
        Assert.Empty(server.StandardError);
        using var refused = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, _port, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task ServeCrl_BadListenAddress_ExitsTwoNamingIt()
    {
        await InitAsync();

        var result = await PkiProcess.RunAsync(_dir.Path, "serve-crl", "--listen", "nowhere", "--dir", Pki);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Equal("gateway: pki serve-crl: --listen: 'nowhere' is not HOST:PORT (for example 127.0.0.1:7400)", Assert.Single(result.Err));
    }

    [Fact]
    public async Task ServeCrl_PortTaken_ExitsOneNamingTheAddress()
    {
        await InitAsync();
        using var taken = new TcpListener(IPAddress.Loopback, _port);
        taken.Start();

        var result = await PkiProcess.RunAsync(_dir.Path, "serve-crl", "--listen", $"127.0.0.1:{_port}", "--dir", Pki);

        Assert.Equal(ExitCodes.Failure, result.Exit);
        var error = Assert.Single(result.Err);
        Assert.StartsWith("gateway: pki serve-crl: ", error, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{_port}", error, StringComparison.Ordinal);
    }
}
