using System.Security.Cryptography.X509Certificates;
using Gateway.Cli;
using Gateway.Tests.Support;
using Gateway.Tests.Systems;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli.Client;

/// <summary>`gateway send|receive|trace --client-cert --client-key` over https, without a token, as the real executable.</summary>
public sealed class ClientCertificateCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private MtlsGateway _mtls = null!;

    private string File(string name) => _dir.Combine(name);

    public async ValueTask InitializeAsync()
    {
        _mtls = await MtlsGateway.StartAsync();
        using var office = _mtls.IssueClient("dms-g22 client", [Office]);
        _mtls.Systems.BindCertificate("dms-g22", office);
        WritePair(office, "office");
        using var province = _mtls.IssueClient("dms-h41 client", [NgheAn]);
        _mtls.Systems.BindCertificate("dms-h41", province);
        WritePair(province, "province");
        using var stray = _mtls.IssueClient("stray client");
        WritePair(stray, "stray");
        await System.IO.File.WriteAllTextAsync(File("cv.pdf"), "%PDF-1.7 over mutual TLS");
    }

    /// <summary>NAME.pem (the certificate, then the issuing CA) and NAME.key.</summary>
    private void WritePair(X509Certificate2 certificate, string name)
    {
        System.IO.File.WriteAllText(File($"{name}.pem"), certificate.ExportCertificatePem() + "\n" + _mtls.Ca.Issuing.ExportCertificatePem() + "\n");
        System.IO.File.WriteAllText(File($"{name}.key"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    private string[] As(string name) => ["--client-cert", File($"{name}.pem"), "--client-key", File($"{name}.key"), "--ca", _mtls.ServerCaFile];

    private Task<ClientProcess.Result> RunAsync(Uri endpoint, params string[] arguments) =>
        ClientProcess.RunAsync(_dir.Path, endpoint, token: null, arguments);

    private Task<ClientProcess.Result> SendAsync(string reference, params string[] extra) =>
        RunAsync(_mtls.Tls, ["send", "--from", Office, "--to", NgheAn, "--file", File("cv.pdf"), "--ref", reference, .. extra]);

    [Fact]
    public async Task Send_ClientCertWithoutToken_SentAsTheBoundSystem()
    {
        var sent = await SendAsync("cli-mtls", As("office"));

        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        Assert.StartsWith("sent ", sent.Out[0], StringComparison.Ordinal);
        Assert.Equal(1, _mtls.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'cli-mtls' AND submitted_by = 'dms-g22'"));
    }

    [Fact]
    public async Task ReceiveAndTrace_ClientCertsWithoutToken_TheRecipientGetsItAndTheSenderTracesIt()
    {
        var sent = await SendAsync("cli-mtls-trace", [.. As("office"), "--json"]);
        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        var id = System.Text.Json.JsonDocument.Parse(sent.Output).RootElement.GetProperty("documentId").GetString()!;

        var received = await RunAsync(_mtls.Tls, ["receive", "--out", File("inbox"), "--once", .. As("province")]);
        var traced = await RunAsync(_mtls.Tls, ["trace", "--doc", id, .. As("office")]);

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        Assert.StartsWith("received 1 document", received.Out[^1], StringComparison.Ordinal);
        Assert.True(traced.Exit == ExitCodes.Ok, traced.ToString());
        Assert.Contains("delivered", traced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnboundClientCert_ExitsRefusedNamingTheBindCommand()
    {
        var sent = await SendAsync("cli-stray", As("stray"));

        Assert.Equal(ExitCodes.Refused, sent.Exit);
        Assert.EndsWith("is not bound to a connected system; an operator binds it with gateway systems bind-cert NAME CERT.pem", Assert.Single(sent.Err), StringComparison.Ordinal);
        Assert.StartsWith("gateway: UNAUTHENTICATED: client certificate ", sent.Err[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ClientCertOfAnotherOrg_ExitsRefusedPermissionDenied()
    {
        var sent = await SendAsync("cli-wrong-org", As("province"));

        Assert.Equal(ExitCodes.Refused, sent.Exit);
        Assert.StartsWith($"gateway: PERMISSION_DENIED: system 'dms-h41' may not send for organisation '{Office}'", Assert.Single(sent.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ClientCertOverPlainHttp_ExitsTwo()
    {
        var sent = await RunAsync(_mtls.Gw.Gateway.Address, "send", "--from", Office, "--to", NgheAn, "--file", File("cv.pdf"),
            "--client-cert", File("office.pem"), "--client-key", File("office.key"));

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.StartsWith("gateway: send: --client-cert: applies to an https endpoint", Assert.Single(sent.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ClientCertWithoutKey_ExitsTwo()
    {
        var sent = await SendAsync("cli-no-key", "--client-cert", File("office.pem"), "--ca", _mtls.ServerCaFile);

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.Equal("gateway: send: --client-cert: needs --client-key, its private key", Assert.Single(sent.Err));
    }

    [Fact]
    public async Task Send_KeyOfAnotherCertificate_ExitsTwoNamingBothFiles()
    {
        var sent = await SendAsync("cli-wrong-key", "--client-cert", File("office.pem"), "--client-key", File("stray.key"), "--ca", _mtls.ServerCaFile);

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.StartsWith($"gateway: send: --client-cert: cannot load '{File("office.pem")}' with key '{File("stray.key")}': ", Assert.Single(sent.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NeitherTokenNorClientCert_ExitsTwoNamingBoth()
    {
        var sent = await SendAsync("cli-nothing", "--ca", _mtls.ServerCaFile);

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.EndsWith("or authenticate over https with --client-cert and --client-key", Assert.Single(sent.Err), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _mtls.DisposeAsync();
        _dir.Dispose();
    }
}
