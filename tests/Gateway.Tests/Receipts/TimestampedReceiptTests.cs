using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Receipts;
using Gateway.Crypto.Tests.Receipts;
using Gateway.Receipts;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Receipts;

/// <summary>With Receipts:TimestampUrl, every batch's root signature is stamped by an RFC 3161 authority (openssl ts on loopback).</summary>
public sealed class TimestampedReceiptTests
{
    [Fact]
    public async Task Send_BatchIsTimestampedAndARetryCarriesATokenOpensslAccepts()
    {
        await using var tsa = LoopbackTsa.Start();
        await using var gw = await StartAsync(new Dictionary<string, string?> { ["Receipts:TimestampUrl"] = tsa.Url.ToString() });
        var request = Documents.Send(Office, [NgheAn], "stamped", "x"u8.ToArray());
        var first = (await gw.Client.SendAsync(request, gw.Call)).Receipt;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (gw.Count("SELECT COUNT(*) FROM receipt_batches WHERE timestamp_token IS NOT NULL") == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var again = (await gw.Client.SendAsync(request, gw.Call)).Receipt;

        Assert.True(first.Proof.TimestampToken.IsEmpty, "the first answer does not wait for the authority");
        Assert.False(again.Proof.TimestampToken.IsEmpty, "no token was stored within 30 s");
        using var gatewayCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(gw.Gateway.DataDirectory, ReceiptKeys.DirectoryName, ReceiptKeys.CertificateFileName));
        var verification = new ReceiptVerifier(gatewayCertificate, [tsa.Root]).Verify(again);
        Assert.True(verification.IsValid, verification.Problem);

        tsa.Directory.Write("root-signature.bin", again.Proof.RootSignature.ToByteArray());
        await File.WriteAllBytesAsync(tsa.Directory.Combine("token.der"), again.Proof.TimestampToken.ToByteArray());
        var openssl = await Openssl.RunAsync(tsa.Directory.Path, "ts", "-verify", "-token_in", "-in", "token.der", "-data", "root-signature.bin",
            "-CAfile", "ca-tsa.pem", "-untrusted", "tsa.pem");
        Assert.True(openssl.Exit == 0 && openssl.Out.Contains("Verification: OK", StringComparison.Ordinal), openssl.ToString());
    }

    [Fact]
    public async Task Send_AuthorityDown_StillSucceedsAndTheBatchWaitsForItsToken()
    {
        var nowhere = new Uri($"http://127.0.0.1:{Gateway.Crypto.Tests.Support.FreePort.Next()}/tsa");
        await using var gw = await StartAsync(new Dictionary<string, string?> { ["Receipts:TimestampUrl"] = nowhere.ToString() });

        var receipt = (await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "unstamped", "x"u8.ToArray()), gw.Call)).Receipt;

        Assert.NotEmpty(receipt.DocumentId);
        var stamper = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BatchTimestamper>(gw.Gateway.Services);
        Assert.Equal(0, await stamper.StampPendingAsync(default));
        Assert.Equal(1, gw.Count("SELECT COUNT(*) FROM receipt_batches WHERE timestamp_token IS NULL"));
    }
}
