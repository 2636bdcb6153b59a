using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>Signatures cross the boundary both ways with OpenSSL's cms command.</summary>
public sealed class OpenSslInteropTests
{
    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384)]
    [InlineData(KeyKind.Rsa2048)]
    public void Sign_Output_VerifiesWithOpenSslCms(KeyKind kind)
    {
        using var identity = TestIdentity.Issue(kind);
        using var files = new TempFiles();
        using var signer = new DetachedSigner(identity.Leaf);
        var header = Cms.Header();
        var content = files.Write("header.bin", header);
        var signature = files.Write("header.p7s", signer.Sign(header));
        var root = files.Write("root.pem", identity.Root.ExportCertificatePem());

        var (exitCode, output) = OpenSsl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
            "-content", content, "-CAfile", root, "-purpose", "any", "-out", files.PathOf("verified.bin"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification successful", output, StringComparison.Ordinal);
        Assert.Equal(header, File.ReadAllBytes(files.PathOf("verified.bin")));
    }

    [Fact]
    public void Sign_TamperedHeader_IsRefusedByOpenSslToo()
    {
        // The check above would mean little if openssl accepted anything.
        using var identity = TestIdentity.Issue(KeyKind.EcdsaP256);
        using var files = new TempFiles();
        using var signer = new DetachedSigner(identity.Leaf);
        var header = Cms.Header();
        var signature = files.Write("header.p7s", signer.Sign(header));
        var content = files.Write("header.bin", Cms.Flip(header, 42));
        var root = files.Write("root.pem", identity.Root.ExportCertificatePem());

        var (exitCode, output) = OpenSsl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
            "-content", content, "-CAfile", root, "-purpose", "any", "-out", files.PathOf("verified.bin"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Verification failure", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256, "SHA256")]
    [InlineData(KeyKind.EcdsaP384, "SHA256")]
    [InlineData(KeyKind.Rsa2048, "SHA256")]
    public void Verify_SignatureMadeByOpenSslCms_IsAccepted(KeyKind kind, string digest)
    {
        using var identity = TestIdentity.Issue(kind);
        using var files = new TempFiles();
        var header = Cms.Header();
        var content = files.Write("header.bin", header);
        var leaf = files.Write("leaf.pem", identity.Leaf.ExportCertificatePem());
        var key = files.Write("leaf.key", identity.Key.ExportPkcs8PrivateKeyPem());
        var signature = files.PathOf("header.p7s");

        var (exitCode, output) = OpenSsl.Run("cms", "-sign", "-binary", "-outform", "DER",
            "-signer", leaf, "-inkey", key, "-in", content, "-out", signature);
        Assert.True(exitCode == 0, output);
        var cms = File.ReadAllBytes(signature);

        var check = new DetachedSignatureVerifier().Verify(header, cms);

        Assert.Equal(identity.Leaf.RawData, check.Signer.RawData);
        Assert.Equal(digest, check.DigestAlgorithm.Name);
        Assert.NotNull(check.SigningTime);
        Assert.Equal(SignatureFailure.Tampered,
            Assert.Throws<SignatureException>(() => new DetachedSignatureVerifier().Verify(Cms.Flip(header, 0), cms)).Failure);
    }
}
