using Gateway.Cli;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli.Client;

/// <summary>`gateway send --endpoint https://… --ca FILE` against a gateway whose certificate a private root issued.</summary>
public sealed class ClientTlsTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestPki _pki = null!;
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync()
    {
        _pki = new TestPki(_dir.Path);
        _gw = await StartAsync(new Dictionary<string, string?>
        {
            ["Grpc:Tls:Endpoint"] = "127.0.0.1:0",
            ["Grpc:Tls:CertificateFile"] = _pki.CertificateFile,
            ["Grpc:Tls:KeyFile"] = _pki.KeyFile,
        });
        await File.WriteAllTextAsync(_dir.Combine("cv.pdf"), "%PDF-1.7");
    }

    private Uri Tls => new($"https://localhost:{_gw.Gateway.Addresses.Single(a => a.Scheme == "https").Port}");

    [Fact]
    public async Task Send_HttpsTrustingTheRootWithCa_Succeeds()
    {
        var sent = await ClientProcess.RunAsync(_dir.Path, Tls, _gw.Token, "send", "--from", Office, "--to", NgheAn, "--file", _dir.Combine("cv.pdf"), "--ca", _pki.CaFile);

        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        Assert.StartsWith("sent ", sent.Out[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_HttpsWithoutCa_ExitsUnavailableSayingToPassCa()
    {
        var sent = await ClientProcess.RunAsync(_dir.Path, Tls, _gw.Token, "send", "--from", Office, "--to", NgheAn, "--file", _dir.Combine("cv.pdf"));

        Assert.Equal(ExitCodes.Unavailable, sent.Exit);
        // The client library calls a failed handshake INTERNAL; the line says what to do about it.
        var line = Assert.Single(sent.Err);
        Assert.StartsWith($"gateway: INTERNAL: cannot reach the gateway at {Tls.GetLeftPart(UriPartial.Authority)} (", line, StringComparison.Ordinal);
        Assert.EndsWith("); its TLS certificate is not trusted here: pass --ca FILE with the root that issued it", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CaWithPlainHttp_ExitsTwo()
    {
        var sent = await ClientProcess.RunAsync(_dir.Path, _gw.Gateway.Address, _gw.Token, "send", "--from", Office, "--to", NgheAn, "--file", _dir.Combine("cv.pdf"), "--ca", _pki.CaFile);

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.StartsWith("gateway: send: --ca: applies to an https endpoint", Assert.Single(sent.Err), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _gw.DisposeAsync();
        _pki.Dispose();
        _dir.Dispose();
    }
}
