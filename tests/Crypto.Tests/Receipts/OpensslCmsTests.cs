using Gateway.Crypto.Pki;
using Gateway.Crypto.Receipts;

namespace Gateway.Crypto.Tests.Receipts;

/// <summary>The root signature is ordinary CMS: openssl verifies it with nothing but the files of docs/receipts.md.</summary>
public sealed class OpensslCmsTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<Openssl.Result> VerifyAsync(string directory) =>
        Openssl.RunAsync(directory, "cms", "-verify", "-binary", "-inform", "DER", "-in", "root_signature.der",
            "-content", "root.bin", "-CAfile", "ca.pem", "-purpose", "any", "-out", "verified.bin");

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384)]
    [InlineData(KeyKind.Rsa2048)]
    public async Task OpensslCmsVerify_RootSignature_IsAccepted(KeyKind kind)
    {
        using var gateway = GatewayIdentity.Create(kind);
        var receipt = ReceiptSamples.Batch(3)[2];
        new ReceiptSigner(gateway.Signing).Sign([ReceiptSamples.Receipt(1), ReceiptSamples.Receipt(2), receipt], ReceiptSamples.Now);
        _dir.Write("root.bin", receipt.Proof.Root.ToByteArray());
        _dir.Write("root_signature.der", receipt.Proof.RootSignature.ToByteArray());
        _dir.Write("ca.pem", gateway.Root.ExportCertificatePem());

        var result = await VerifyAsync(_dir.Path);

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains("Verification successful", result.Err, StringComparison.Ordinal);
        Assert.Equal(receipt.Proof.Root.ToByteArray(), File.ReadAllBytes(_dir.Combine("verified.bin")));
    }

    [Fact]
    public async Task OpensslCmsVerify_ChangedRoot_IsRejected()
    {
        using var gateway = GatewayIdentity.Create();
        var signed = new ReceiptSigner(gateway.Signing).Sign(ReceiptSamples.Batch(2), ReceiptSamples.Now);
        var root = signed.Root.ToArray();
        root[31] ^= 0x01;
        _dir.Write("root.bin", root);
        _dir.Write("root_signature.der", signed.RootSignature);
        _dir.Write("ca.pem", gateway.Root.ExportCertificatePem());

        var result = await VerifyAsync(_dir.Path);

        Assert.True(result.Exit != 0, result.ToString());
        Assert.Contains("Verification failure", result.Err, StringComparison.Ordinal);
        Assert.Contains("content verify error", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpensslCmsVerify_OtherAuthority_IsRejected()
    {
        using var gateway = GatewayIdentity.Create();
        using var other = GatewayIdentity.Create();
        var signed = new ReceiptSigner(gateway.Signing).Sign(ReceiptSamples.Batch(2), ReceiptSamples.Now);
        _dir.Write("root.bin", signed.Root);
        _dir.Write("root_signature.der", signed.RootSignature);
        _dir.Write("ca.pem", other.Root.ExportCertificatePem());

        var result = await VerifyAsync(_dir.Path);

        Assert.True(result.Exit != 0, result.ToString());
        Assert.Contains("certificate verify error", result.Err, StringComparison.Ordinal);
    }
}
