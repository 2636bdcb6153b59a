using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Cli;
using Gateway.Tests.Signatures;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli.Client;

/// <summary>`gateway send --cert --key` signs the header; a gateway that requires signatures accepts it and refuses the unsigned.</summary>
public sealed class SignedSendCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SignedGateway _signed = null!;

    private string File(string name) => _dir.Combine(name);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir.Path);
        _signed = await SignedGateway.StartAsync();
        using var signer = _signed.IssueSigner();
        // The certificate file carries the issuing CA after the signer's, so the gateway can build the chain.
        await System.IO.File.WriteAllTextAsync(File("office.pem"), signer.ExportCertificatePem() + "\n" + _signed.Ca.Issuing.ExportCertificatePem() + "\n");
        await System.IO.File.WriteAllTextAsync(File("office.key"), signer.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await System.IO.File.WriteAllTextAsync(File("cv.pdf"), "%PDF-1.7 signed");
    }

    public async ValueTask DisposeAsync()
    {
        await _signed.DisposeAsync();
        _dir.Dispose();
    }

    private Task<ClientProcess.Result> Send(params string[] extra) =>
        ClientProcess.RunAsync(_dir.Path, _signed.Gw.Gateway.Address, _signed.Gw.Token, ["send", "--from", Office, "--to", NgheAn, "--file", File("cv.pdf"), .. extra]);

    [Fact]
    public async Task Send_WithCertAndKey_IsAcceptedAsVerified()
    {
        var sent = await Send("--cert", File("office.pem"), "--key", File("office.key"), "--ref", "signed-cli");

        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        Assert.Equal(1, _signed.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'signed-cli' AND signature_checked = 1"));
    }

    [Fact]
    public async Task Send_RetriedWithCertAndKey_GetsTheOriginalReceipt()
    {
        var first = await Send("--cert", File("office.pem"), "--key", File("office.key"), "--ref", "signed-retry", "--json");
        var second = await Send("--cert", File("office.pem"), "--key", File("office.key"), "--ref", "signed-retry", "--json");

        Assert.True(second.Exit == ExitCodes.Ok, second.ToString());
        Assert.Contains("\"duplicate\": true", string.Join('\n', second.Out), StringComparison.Ordinal);
        Assert.Equal(1, _signed.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'signed-retry'"));
        Assert.True(first.Exit == ExitCodes.Ok, first.ToString());
    }

    [Fact]
    public async Task Send_JsonReceipt_VerifiesOfflineWithVerifyReceipt()
    {
        var sent = await Send("--cert", File("office.pem"), "--key", File("office.key"), "--ref", "verify-me", "--json");
        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        await System.IO.File.WriteAllTextAsync(File("receipt.json"), string.Join('\n', sent.Out));
        var gatewayCertificate = Path.Combine(_signed.Gw.Gateway.DataDirectory, "keys", "receipts.pem");

        var verified = await ClientProcess.RunAsync(_dir.Path, null, null, "verify-receipt", File("receipt.json"), "--cert", gatewayCertificate);

        Assert.True(verified.Exit == ExitCodes.Ok, verified.ToString());
        Assert.StartsWith("receipt valid", verified.Out[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Unsigned_IsRefusedNamingTheMissingSignature()
    {
        var sent = await Send();

        Assert.NotEqual(ExitCodes.Ok, sent.Exit);
        Assert.Contains("header.signature: is empty", sent.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_KeyOfAnotherCertificate_FailsBeforeSending()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await System.IO.File.WriteAllTextAsync(File("other.key"), other.ExportPkcs8PrivateKeyPem());

        var sent = await Send("--cert", File("office.pem"), "--key", File("other.key"));

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.Contains("--cert:", sent.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _signed.Gw.Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Send_CertWithoutKey_FailsAsBadInput()
    {
        var sent = await Send("--cert", File("office.pem"));

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.Contains("--cert: needs --key", sent.ToString(), StringComparison.Ordinal);
    }
}
