using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gateway.Cli;
using Gateway.Crypto.Pki;
using Gateway.Protocol.V1;
using Gateway.Tests.Signatures;
using Gateway.Tests.Support;
using Google.Protobuf;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli.Client;

/// <summary>
/// `gateway send --encrypt-to` and `gateway receive --cert --key` as real processes through a real
/// gateway: the recipient gets the file back byte for byte, while the gateway stores and serves only
/// the envelope. A receiver that cannot decrypt writes nothing and nacks, so the document waits for
/// one that can.
/// </summary>
public sealed class EncryptedTransferTests : IAsyncLifetime
{
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";

    /// <summary>A nacked delivery comes back within this (Delivery:BackoffBase and BackoffMax below), never sooner than half of it.</summary>
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(500);

    private readonly TempDirectory _dir = new();
    private readonly byte[] _payload = [.. "%PDF-1.7 Công văn mật "u8, .. RandomNumberGenerator.GetBytes(20_000)];
    private ExchangeGateway _gw = null!;
    private DevPki _pki = null!;
    private IssuedCertificate _ngheAn = null!;
    private IssuedCertificate _ministry = null!;

    public async ValueTask InitializeAsync()
    {
        _gw = await StartAsync(new Dictionary<string, string?>
        {
            // Small enough that a 100 KB envelope is refused inline (so it is uploaded) and delivered by Fetch.
            ["Limits:InlinePayloadBytes"] = "64KiB",
            // Every payload a file, so the tests can read (and tamper with) exactly what the gateway holds.
            ["Store:SmallPayloadBytes"] = "0",
            ["Delivery:BackoffBase"] = "500ms",
            ["Delivery:BackoffMax"] = "500ms",
        });
        _pki = DevPki.Init(_dir.Combine("pki"));
        _ngheAn = _pki.IssueOrgEncryption(NgheAn);
        _ministry = _pki.IssueOrgEncryption(Ministry, new IssueOptions { KeyKind = KeyKind.Rsa2048 });
        await File.WriteAllBytesAsync(FilePath, _payload);
    }

    public async ValueTask DisposeAsync()
    {
        _ngheAn.Dispose();
        _ministry.Dispose();
        _pki.Dispose();
        await _gw.DisposeAsync();
        _dir.Dispose();
    }

    private string FilePath => _dir.Combine("cong-van.pdf");

    private string Inbox => _dir.Combine("in");

    private Task<ClientProcess.Result> Run(string token, params string[] arguments) => ClientProcess.RunAsync(_dir.Path, _gw.Gateway.Address, token, arguments);

    private async Task<Receipt> SendEncryptedAsync(string reference, string file, string to, params IssuedCertificate[] encryptTo)
    {
        var sent = await Run(_gw.Token, ["send", "--from", Office, "--to", to, "--file", file, "--ref", reference, "--json",
            .. encryptTo.SelectMany(c => new[] { "--encrypt-to", c.CertificatePath })]);
        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        return JsonParser.Default.Parse<Receipt>(sent.Output);
    }

    private Task<ClientProcess.Result> ReceiveAsync(string token, string inbox, params IssuedCertificate[] keys) =>
        Run(token, ["receive", "--out", inbox, "--once", .. keys.SelectMany(k => new[] { "--cert", k.CertificatePath, "--key", k.KeyPath })]);

    /// <summary>The payloads the gateway holds: every file under its data directory's blobs/, temporary ones aside.</summary>
    private string[] Blobs()
    {
        var root = Path.Combine(_gw.Gateway.DataDirectory, "blobs");
        return [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar)[0] != "tmp")];
    }

    [Fact]
    public async Task SendEncrypted_ReceiveWithTheKey_WritesTheOriginalFile()
    {
        var receipt = await SendEncryptedAsync("mat-1", FilePath, NgheAn, _ngheAn);

        var received = await ReceiveAsync(_gw.RecipientToken, Inbox, _ngheAn);

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        var folder = Path.Combine(Inbox, receipt.DocumentId);
        Assert.Equal(
            [$"received {receipt.DocumentId} from {Office} for {NgheAn}: {Path.Combine(folder, "cong-van.pdf")} ({_payload.Length} bytes, " +
                $"decrypted with CN={NgheAn} (serial {_ngheAn.Entry.Serial}))", "received 1 document, 0 statuses"],
            received.Out);
        Assert.Equal(_payload, await File.ReadAllBytesAsync(Path.Combine(folder, "cong-van.pdf")));
        // The header describes the envelope that travelled, and says it is one; the name and type are the file's.
        var header = DocumentHeader.Parser.ParseFrom(await File.ReadAllBytesAsync(Path.Combine(folder, "header.bin")));
        Assert.True(header.Payload.Encrypted);
        Assert.Equal(("cong-van.pdf", "application/pdf"), (header.Payload.FileName, header.Payload.ContentType));
        Assert.NotEqual(_payload.Length, header.Payload.Size);
        Assert.Equal(["cong-van.pdf", "header.bin", "header.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Inbox));
    }

    [Fact]
    public async Task SendEncrypted_TheGatewayHoldsOnlyTheEnvelope()
    {
        var receipt = await SendEncryptedAsync("mat-2", FilePath, NgheAn, _ngheAn);

        var blob = await File.ReadAllBytesAsync(Assert.Single(Blobs()));

        // Not the plaintext, nor any 32-byte run of it.
        for (var at = 0; at + 32 <= _payload.Length; at += 32)
            Assert.True(blob.AsSpan().IndexOf(_payload.AsSpan(at, 32)) < 0, $"the blob holds plaintext bytes {at}..{at + 32}");
        // What it is instead: CMS EnvelopedData (.NET's decoder takes nothing else) for the one certificate, in AES-256-CBC.
        var cms = new EnvelopedCms();
        cms.Decode(blob);
        Assert.Equal(Aes256Cbc, cms.ContentEncryptionAlgorithm.Oid.Value);
        var recipient = Assert.Single(cms.RecipientInfos.Cast<RecipientInfo>());
        Assert.Equal(RecipientInfoType.KeyAgreement, recipient.Type);
        // And it is what the signed header vouches for.
        Assert.Equal(blob.Length, _gw.Count("SELECT payload_size FROM documents"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(blob)), Path.GetFileName(Assert.Single(Blobs())));
        Assert.False(string.IsNullOrEmpty(receipt.DocumentId));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_300_000)]
    public async Task SendEncrypted_LargerFile_IsUploadedAndFetchedAsTheEnvelope(int size)
    {
        // 100 KB: refused inline by this gateway, so uploaded from a second encryption pass; 1.3 MB: hashed, then uploaded.
        var payload = RandomNumberGenerator.GetBytes(size);
        var file = _dir.Combine("ho-so.zip");
        await File.WriteAllBytesAsync(file, payload);
        var receipt = await SendEncryptedAsync("mat-large", file, NgheAn, _ngheAn);

        var received = await Run(_gw.RecipientToken, "receive", "--out", Inbox, "--once", "--json", "--cert", _ngheAn.CertificatePath, "--key", _ngheAn.KeyPath);

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        var document = JsonDocument.Parse(received.Out[0]).RootElement;
        Assert.Equal(receipt.DocumentId, document.GetProperty("documentId").GetString());
        Assert.Equal(size, document.GetProperty("size").GetInt64());
        Assert.Equal($"CN={NgheAn} (serial {_ngheAn.Entry.Serial})", document.GetProperty("decryptedWith").GetString());
        Assert.Equal(payload, await File.ReadAllBytesAsync(Path.Combine(Inbox, receipt.DocumentId, "ho-so.zip")));
        Assert.Empty(Directory.GetFiles(Inbox));
        Assert.True(new FileInfo(Assert.Single(Blobs())).Length > size);
    }

    [Fact]
    public async Task SendEncryptedToTwoOrganisations_EachDecryptsWithItsOwnKey()
    {
        // Nghệ An's key is ECDH on P-256, the ministry's RSA: one envelope, one RecipientInfo each.
        var receipt = await SendEncryptedAsync("mat-3", FilePath, $"{NgheAn},{Ministry}", _ngheAn, _ministry);

        var ngheAn = await ReceiveAsync(_gw.RecipientToken, _dir.Combine("h41"), _ngheAn);
        var ministry = await ReceiveAsync(_gw.StrangerToken, _dir.Combine("g14"), _ministry);

        Assert.True(ngheAn.Exit == ExitCodes.Ok, ngheAn.ToString());
        Assert.True(ministry.Exit == ExitCodes.Ok, ministry.ToString());
        Assert.Equal(_payload, await File.ReadAllBytesAsync(_dir.Combine("h41", receipt.DocumentId, "cong-van.pdf")));
        Assert.Equal(_payload, await File.ReadAllBytesAsync(_dir.Combine("g14", receipt.DocumentId, "cong-van.pdf")));
        Assert.Contains($"decrypted with CN={Ministry} (serial {_ministry.Entry.Serial})", ministry.Out[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveWithoutAKey_NacksAndWritesNothing_TheDocumentWaitsForAReceiverThatHasOne()
    {
        var receipt = await SendEncryptedAsync("mat-4", FilePath, NgheAn, _ngheAn);

        var keyless = await ReceiveAsync(_gw.RecipientToken, Inbox);

        Assert.Equal(ExitCodes.Failure, keyless.Exit);
        var line = Assert.Single(keyless.Err);
        Assert.StartsWith($"gateway: receive: {receipt.DocumentId} (delivery ", line, StringComparison.Ordinal);
        Assert.EndsWith("): the payload is encrypted (CMS EnvelopedData) and receive was given no --cert/--key to decrypt it; nothing written; " +
            "nacked, the gateway offers it again later", line, StringComparison.Ordinal);
        Assert.Equal("received 0 documents, 0 statuses (1 nacked)", keyless.Out[^1]);
        Assert.Empty(Directory.GetFileSystemEntries(Inbox));

        await Task.Delay(Backoff);
        var keyed = await ReceiveAsync(_gw.RecipientToken, Inbox, _ngheAn);

        Assert.True(keyed.Exit == ExitCodes.Ok, keyed.ToString());
        Assert.Equal(_payload, await File.ReadAllBytesAsync(Path.Combine(Inbox, receipt.DocumentId, "cong-van.pdf")));
    }

    [Fact]
    public async Task ReceiveWithAnotherOrganisationsKey_NacksNamingWhomTheEnvelopeIsFor()
    {
        var receipt = await SendEncryptedAsync("mat-5", FilePath, NgheAn, _ngheAn);

        var received = await ReceiveAsync(_gw.RecipientToken, Inbox, _ministry);

        Assert.Equal(ExitCodes.Failure, received.Exit);
        var line = Assert.Single(received.Err);
        Assert.Contains($"): cannot decrypt the payload: the payload is not encrypted to certificate CN={Ministry} (serial {_ministry.Entry.Serial}); " +
            $"it is for: serial {_ngheAn.Entry.Serial} issued by ", line, StringComparison.Ordinal);
        Assert.EndsWith("; nothing written; nacked, the gateway offers it again later", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Inbox));
        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM documents WHERE id = '{receipt.DocumentId}'"));
    }

    [Fact]
    public async Task AnEnvelopeAlteredAtTheGateway_IsCaughtByTheSignedDigest_AndNothingIsWritten()
    {
        // The gateway is who end-to-end encryption guards against: a changed byte must not reach the recipient's disk.
        await SendEncryptedAsync("mat-6", FilePath, NgheAn, _ngheAn);
        var blob = Assert.Single(Blobs());
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^100] ^= 0x01;
        await File.WriteAllBytesAsync(blob, bytes);

        var received = await ReceiveAsync(_gw.RecipientToken, Inbox, _ngheAn);

        Assert.Equal(ExitCodes.Failure, received.Exit);
        Assert.Contains("does not match its header", Assert.Single(received.Err), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Inbox));
    }

    [Fact]
    public async Task ReceiveWithAKey_AnUnencryptedPayload_IsWrittenAsItIs()
    {
        var sent = await Run(_gw.Token, "send", "--from", Office, "--to", NgheAn, "--file", FilePath, "--ref", "plain", "--json");
        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        var receipt = JsonParser.Default.Parse<Receipt>(sent.Output);

        var received = await ReceiveAsync(_gw.RecipientToken, Inbox, _ngheAn);

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        Assert.EndsWith($"({_payload.Length} bytes)", received.Out[0], StringComparison.Ordinal);
        Assert.Equal(_payload, await File.ReadAllBytesAsync(Path.Combine(Inbox, receipt.DocumentId, "cong-van.pdf")));
        Assert.Equal(_payload, await File.ReadAllBytesAsync(Assert.Single(Blobs())));
    }

    [Fact]
    public async Task SendEncryptTo_ASigningCertificate_IsRefusedBeforeAnythingIsSent()
    {
        using var signing = _pki.IssueOrg(NgheAn);

        var sent = await Run(_gw.Token, "send", "--from", Office, "--to", NgheAn, "--file", FilePath, "--encrypt-to", signing.CertificatePath);

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.Equal(
            [$"gateway: send: --encrypt-to: certificate CN={NgheAn} (serial {signing.Entry.Serial}) is not for encryption: its key usage is " +
                "NonRepudiation, DigitalSignature; an EC certificate needs keyAgreement; an organisation's encryption certificate comes from " +
                "'gateway pki issue-org CODE --purpose encryption' or its CA"],
            sent.Err);
        Assert.Equal(0, _gw.Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Receive_CertWithoutKey_IsABadCommandLine()
    {
        var received = await Run(_gw.RecipientToken, "receive", "--out", Inbox, "--once", "--cert", _ngheAn.CertificatePath);

        Assert.Equal(ExitCodes.Configuration, received.Exit);
        Assert.Equal(["gateway: receive: --cert: 1 given and 0 --key; each --cert needs its --key"], received.Err);
    }

    [Fact]
    public async Task SendEncryptedAndSigned_ToAGatewayRequiringSignatures_IsVerifiedAndDecrypts()
    {
        await using var signed = await SignedGateway.StartAsync();
        using var signer = signed.IssueSigner();
        await File.WriteAllTextAsync(_dir.Combine("office.pem"), signer.ExportCertificatePem() + "\n" + signed.Ca.Issuing.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(_dir.Combine("office.key"), signer.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var sent = await ClientProcess.RunAsync(_dir.Path, signed.Gw.Gateway.Address, signed.Gw.Token, "send", "--from", Office, "--to", NgheAn,
            "--file", FilePath, "--ref", "mat-signed", "--json", "--cert", _dir.Combine("office.pem"), "--key", _dir.Combine("office.key"),
            "--encrypt-to", _ngheAn.CertificatePath);
        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        var receipt = JsonParser.Default.Parse<Receipt>(sent.Output);
        var received = await ClientProcess.RunAsync(_dir.Path, signed.Gw.Gateway.Address, signed.Gw.RecipientToken,
            "receive", "--out", Inbox, "--once", "--cert", _ngheAn.CertificatePath, "--key", _ngheAn.KeyPath);

        Assert.Equal(1, signed.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'mat-signed' AND signature_checked = 1"));
        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        Assert.Equal(_payload, await File.ReadAllBytesAsync(Path.Combine(Inbox, receipt.DocumentId, "cong-van.pdf")));
    }
}
