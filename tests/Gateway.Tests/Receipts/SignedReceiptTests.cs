using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Receipts;
using Gateway.Protocol.V1;
using Gateway.Receipts;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Receipts;

/// <summary>Every acceptance is proven by a receipt signed in a Merkle batch that anyone can verify offline.</summary>
public sealed class SignedReceiptTests
{
    private static X509Certificate2 GatewayCertificate(ExchangeGateway gw) =>
        X509CertificateLoader.LoadCertificateFromFile(Path.Combine(gw.Gateway.DataDirectory, ReceiptKeys.DirectoryName, ReceiptKeys.CertificateFileName));

    private static void AssertValid(ReceiptVerifier verifier, Receipt receipt)
    {
        var verification = verifier.Verify(receipt);
        Assert.True(verification.IsValid, verification.Problem);
    }

    [Fact]
    public async Task Send_ReturnsAReceiptThatVerifiesWithTheGatewaysOwnCertificate()
    {
        await using var gw = await StartAsync();

        var receipt = (await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "receipt-1", "x"u8.ToArray()), gw.Call)).Receipt;

        using var certificate = GatewayCertificate(gw);
        AssertValid(new ReceiptVerifier(certificate), receipt);
        Assert.Equal(32, receipt.Proof.Root.Length);
        Assert.False(receipt.Proof.RootSignature.IsEmpty);
    }

    [Fact]
    public async Task Send_ConcurrentSendsShareBatchesAndEveryReceiptVerifies()
    {
        await using var gw = await StartAsync(new Dictionary<string, string?> { ["Receipts:BatchWindow"] = "200ms" });
        const int Count = 20;

        var receipts = await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
            (await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], $"batch-{i}", "x"u8.ToArray()), gw.Call)).Receipt));

        using var certificate = GatewayCertificate(gw);
        var verifier = new ReceiptVerifier(certificate);
        foreach (var receipt in receipts)
            AssertValid(verifier, receipt);
        var batches = receipts.GroupBy(r => Convert.ToHexString(r.Proof.Root.Span)).ToList();
        Assert.True(batches.Count < Count, $"{batches.Count} batches for {Count} concurrent sends");
        Assert.All(batches, b => Assert.Equal((uint)b.Count(), b.First().Proof.LeafCount));
        Assert.Equal(batches.Count, gw.Count("SELECT COUNT(*) FROM receipt_batches"));
    }

    [Fact]
    public async Task Send_RetriedWithTheSameReference_GetsTheSameSignedReceipt()
    {
        await using var gw = await StartAsync();
        var request = Documents.Send(Office, [NgheAn], "receipt-retry", "x"u8.ToArray());
        var first = (await gw.Client.SendAsync(request, gw.Call)).Receipt;

        var again = (await gw.Client.SendAsync(request, gw.Call)).Receipt;

        Assert.True(again.Duplicate);
        Assert.Equal(first.Leaf, again.Leaf);
        Assert.Equal(first.Proof, again.Proof);
        using var certificate = GatewayCertificate(gw);
        AssertValid(new ReceiptVerifier(certificate), again);
    }

    [Fact]
    public async Task Send_ReceiptOfARedirectedDocument_SignsItsRedirection()
    {
        await using var gw = await StartAsync();

        var receipt = (await gw.Client.SendAsync(Documents.Send(Office, [OldProvince], "receipt-redirect", "x"u8.ToArray()), gw.Call)).Receipt;

        var redirection = Assert.Single(receipt.Redirections);
        Assert.Equal(NgheAn, redirection.ToCode);
        using var certificate = GatewayCertificate(gw);
        var verifier = new ReceiptVerifier(certificate);
        AssertValid(verifier, receipt);
        receipt.Redirections[0].ToCode = Ministry;
        Assert.False(verifier.Verify(receipt).IsValid);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Restart_KeepsTheReceiptKey()
    {
        using var dir = new TempDirectory();
        string first;
        await using (var gw = await TestGateway.StartAsync(dir.Combine("data")))
            first = File.ReadAllText(Path.Combine(gw.DataDirectory, ReceiptKeys.DirectoryName, ReceiptKeys.CertificateFileName));
        await using (var gw = await TestGateway.StartAsync(dir.Combine("data")))
        {
            Assert.Equal(first, File.ReadAllText(Path.Combine(gw.DataDirectory, ReceiptKeys.DirectoryName, ReceiptKeys.CertificateFileName)));
            var mode = File.GetUnixFileMode(Path.Combine(gw.DataDirectory, ReceiptKeys.DirectoryName, ReceiptKeys.KeyFileName));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        }
    }
}
