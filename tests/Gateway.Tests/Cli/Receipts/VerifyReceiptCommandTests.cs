using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gateway.Cli;
using Gateway.Cli.Client;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Receipts;
using Gateway.Protocol.V1;
using Gateway.Tests.Cli.Client;
using Gateway.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Tests.Cli.Receipts;

/// <summary>`gateway verify-receipt` as the real executable, on receipt files as `gateway send --json` writes them.</summary>
public sealed class VerifyReceiptCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds());

    private readonly TempDirectory _dir = new();
    private readonly X509Certificate2 _gateway;
    private readonly Receipt _receipt;

    public VerifyReceiptCommandTests()
    {
        using var rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        using var root = CertificateFactory.CreateRoot(Profile("Receipt CLI Root"), rootKey);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _gateway = CertificateFactory.Issue(root, Profile("gateway.axis.gov.vn"), key);
        File.WriteAllText(GatewayPem, _gateway.ExportCertificatePem());

        var batch = Enumerable.Range(1, 3).Select(NewReceipt).ToList();
        using var signing = _gateway.CopyWithPrivateKey(key);
        new ReceiptSigner(signing).Sign(batch, SignedAt);
        _receipt = batch[1];
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _dir.Dispose();
    }

    private string GatewayPem => _dir.Combine("gateway.pem");

    private static CertificateProfile Profile(string name) => new()
    {
        CommonName = name,
        NotBefore = Now.AddMinutes(-5),
        NotAfter = Now.AddDays(1),
    };

    private static Receipt NewReceipt(int i)
    {
        var acceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(Now.ToUnixTimeMilliseconds() + i);
        return new Receipt
        {
            DocumentId = Guid.CreateVersion7(acceptedAt).ToString("D"),
            AcceptedAt = Timestamp.FromDateTimeOffset(acceptedAt),
            HeaderDigest = ByteString.CopyFrom(SHA256.HashData([(byte)i])),
            Sequence = (ulong)i,
        };
    }

    /// <summary>The receipt as `gateway send --json` prints it.</summary>
    private string WriteJson(Receipt receipt, string name = "receipt.json")
    {
        File.WriteAllText(_dir.Combine(name), ClientJson.Indented.Format(receipt));
        return _dir.Combine(name);
    }

    private Task<ClientProcess.Result> RunAsync(params string[] arguments) => ClientProcess.RunAsync(_dir.Path, null, null, arguments);

    [Fact]
    public async Task VerifyReceipt_ValidJsonReceipt_ExitsZeroSayingWhatItProves()
    {
        var result = await RunAsync("verify-receipt", WriteJson(_receipt), "--cert", GatewayPem);

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Equal(
            $"receipt valid: document {_receipt.DocumentId}, sequence 2, accepted {ClientJson.Time(_receipt.AcceptedAt)}, batch of 3, signed at {ClientJson.Time(Timestamp.FromDateTimeOffset(SignedAt))}",
            Assert.Single(result.Out));
        Assert.Empty(result.Err);
    }

    [Fact]
    public async Task VerifyReceipt_ValidBinaryReceipt_ExitsZero()
    {
        var path = _dir.Combine("receipt.bin");
        await File.WriteAllBytesAsync(path, _receipt.ToByteArray(), TestContext.Current.CancellationToken);

        var result = await RunAsync("verify-receipt", path, "--cert", GatewayPem);

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith($"receipt valid: document {_receipt.DocumentId}, sequence 2, ", Assert.Single(result.Out), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyReceipt_Json_PrintsTheResultAsOneObject()
    {
        var result = await RunAsync("verify-receipt", WriteJson(_receipt), "--cert", GatewayPem, "--json");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(_receipt.DocumentId, json.GetProperty("documentId").GetString());
        Assert.Equal(2UL, json.GetProperty("sequence").GetUInt64());
        Assert.Equal((1, 3), (json.GetProperty("leafIndex").GetInt32(), json.GetProperty("leafCount").GetInt32()));
        Assert.Equal(_gateway.Subject, json.GetProperty("signer").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("timestampedAt").ValueKind);
    }

    [Fact]
    public async Task VerifyReceipt_AlteredSequence_ExitsInvalidNamingTheField()
    {
        var altered = _receipt.Clone();
        altered.Sequence = 99;

        var result = await RunAsync("verify-receipt", WriteJson(altered), "--cert", GatewayPem);

        Assert.Equal(ExitCodes.ReceiptInvalid, result.Exit);
        Assert.Empty(result.Out);
        Assert.Equal("gateway: receipt invalid (leaf): sequence is 99 but the leaf says 2", Assert.Single(result.Err));
    }

    [Fact]
    public async Task VerifyReceipt_AlteredProofWithJson_PrintsTheFailedCheck()
    {
        var altered = _receipt.Clone();
        altered.Proof.LeafIndex = 2;

        var result = await RunAsync("verify-receipt", WriteJson(altered), "--cert", GatewayPem, "--json");

        Assert.Equal(ExitCodes.ReceiptInvalid, result.Exit);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal("inclusion", json.GetProperty("check").GetString());
        Assert.Equal("Tampered", json.GetProperty("failure").GetString());
        Assert.Equal("the audit path has 2 hashes; leaf 2 of a tree of 3 needs 1", json.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task VerifyReceipt_OtherGatewayCertificate_ExitsInvalid()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=gateway.axis.gov.vn", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddMinutes(-5), Now.AddDays(1));
        var otherPem = _dir.Combine("other.pem");
        await File.WriteAllTextAsync(otherPem, other.ExportCertificatePem(), TestContext.Current.CancellationToken);

        var result = await RunAsync("verify-receipt", WriteJson(_receipt), "--cert", otherPem);

        Assert.Equal(ExitCodes.ReceiptInvalid, result.Exit);
        Assert.StartsWith($"gateway: receipt invalid (signature): root_signature was made by '{_gateway.Subject}'", Assert.Single(result.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyReceipt_MissingFile_IsAUsageError()
    {
        var missing = _dir.Combine("nowhere.json");

        var result = await RunAsync("verify-receipt", missing, "--cert", GatewayPem);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Equal($"gateway: verify-receipt: RECEIPT: no file '{missing}'", Assert.Single(result.Err));
    }

    [Fact]
    public async Task VerifyReceipt_BadJson_IsAUsageErrorSayingWhy()
    {
        var path = _dir.Combine("receipt.json");
        await File.WriteAllTextAsync(path, "{ \"documentId\": \"x\", \"sequence\": [] }", TestContext.Current.CancellationToken);

        var result = await RunAsync("verify-receipt", path, "--cert", GatewayPem);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.StartsWith($"gateway: verify-receipt: RECEIPT: '{path}' is not an axis.v1.Receipt in protobuf JSON: ", Assert.Single(result.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyReceipt_NoCertificateOption_IsAUsageError()
    {
        var result = await RunAsync("verify-receipt", WriteJson(_receipt));

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Equal("gateway: verify-receipt: Option '--cert' is required (see 'gateway verify-receipt --help')", Assert.Single(result.Err));
    }

    [Fact]
    public async Task VerifyReceipt_CertificateFileWithoutACertificate_IsAUsageError()
    {
        var notPem = _dir.Combine("gateway.key");
        await File.WriteAllTextAsync(notPem, "not a certificate", TestContext.Current.CancellationToken);

        var result = await RunAsync("verify-receipt", WriteJson(_receipt), "--cert", notPem);

        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.StartsWith($"gateway: verify-receipt: --cert: '{notPem}' holds no readable PEM or DER certificate", Assert.Single(result.Err), StringComparison.Ordinal);
    }
}
