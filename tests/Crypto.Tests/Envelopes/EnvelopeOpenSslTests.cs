using System.Security.Cryptography;
using Gateway.Crypto.Envelopes;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;
using Gateway.Crypto.Tests.Signatures;

namespace Gateway.Crypto.Tests.Envelopes;

/// <summary>Envelopes cross the boundary both ways with OpenSSL's cms command, as a recipient without this code would use it.</summary>
public sealed class EnvelopeOpenSslTests : IDisposable
{
    private readonly EnvelopeCa _ca = new();
    private readonly TempFiles _files = new();

    public static TheoryData<KeyKind> Kinds => [KeyKind.EcdsaP256, KeyKind.EcdsaP384, KeyKind.Rsa2048];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Encrypt_Output_DecryptsWithOpenSslCms(KeyKind kind)
    {
        using var recipient = _ca.Issue(kind);
        var plaintext = RandomNumberGenerator.GetBytes(250_000);
        var envelope = _files.Write("payload.p7m", PayloadEnvelope.Encrypt(plaintext, [recipient.Public()]));

        var (exitCode, output) = OpenSslDecrypt(envelope, recipient);

        Assert.True(exitCode == 0, output);
        Assert.Equal(plaintext, File.ReadAllBytes(_files.PathOf("plain.bin")));
    }

    [Fact]
    public void Encrypt_ToSeveralRecipients_EachDecryptsWithOpenSsl()
    {
        using var rsa = _ca.Issue(KeyKind.Rsa2048, "000.00.00.H41");
        using var p256 = _ca.Issue(KeyKind.EcdsaP256, "000.00.00.G22");
        using var p384 = _ca.Issue(KeyKind.EcdsaP384, "000.00.04.G14");
        var plaintext = RandomNumberGenerator.GetBytes(10_000);
        var envelope = _files.Write("payload.p7m", PayloadEnvelope.Encrypt(plaintext, [rsa.Public(), p256.Public(), p384.Public()]));

        foreach (var recipient in new[] { rsa, p256, p384 })
        {
            var (exitCode, output) = OpenSslDecrypt(envelope, recipient);
            Assert.True(exitCode == 0, output);
            Assert.Equal(plaintext, File.ReadAllBytes(_files.PathOf("plain.bin")));
        }
    }

    [Fact]
    public void Encrypt_Output_IsRefusedByOpenSslForANonRecipient()
    {
        // The interop checks above would mean little if openssl opened envelopes for anyone.
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        using var stranger = _ca.Issue(KeyKind.EcdsaP256, "000.00.00.G22");
        var envelope = _files.Write("payload.p7m", PayloadEnvelope.Encrypt(RandomNumberGenerator.GetBytes(100), [recipient.Public()]));

        var (exitCode, _) = OpenSslDecrypt(envelope, stranger);

        Assert.NotEqual(0, exitCode);
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256, "-aes256")]
    [InlineData(KeyKind.EcdsaP384, "-aes256")]
    [InlineData(KeyKind.Rsa2048, "-aes256")]
    [InlineData(KeyKind.Rsa2048, "-aes128")]
    [InlineData(KeyKind.EcdsaP256, "-aes192")]
    public void Decrypt_EnvelopeMadeByOpenSslCms_Opens(KeyKind kind, string cipher)
    {
        // RSA here is openssl's default key transport, PKCS#1 v1.5; the OAEP case follows.
        using var recipient = _ca.Issue(kind);
        var plaintext = RandomNumberGenerator.GetBytes(123_457);
        var (exitCode, output) = OpenSslEncrypt(plaintext, recipient, cipher);
        Assert.True(exitCode == 0, output);

        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(File.ReadAllBytes(_files.PathOf("openssl.p7m")), recipient.Certificate));
    }

    [Fact]
    public void Decrypt_EnvelopeMadeByOpenSslWithRsaOaep_Opens()
    {
        using var recipient = _ca.Issue(KeyKind.Rsa2048);
        var plaintext = RandomNumberGenerator.GetBytes(5000);
        var (exitCode, output) = OpenSslEncrypt(plaintext, recipient, "-aes256", "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256");
        Assert.True(exitCode == 0, output);

        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(File.ReadAllBytes(_files.PathOf("openssl.p7m")), recipient.Certificate));
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.Rsa2048)]
    public void Decrypt_OpenSslEnvelopeNamingTheRecipientByKeyIdentifier_Opens(KeyKind kind)
    {
        using var recipient = _ca.Issue(kind);
        var plaintext = RandomNumberGenerator.GetBytes(2000);
        var (exitCode, output) = OpenSslEncrypt(plaintext, recipient, "-aes256", "-keyid");
        Assert.True(exitCode == 0, output);

        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(File.ReadAllBytes(_files.PathOf("openssl.p7m")), recipient.Certificate));
    }

    [Fact]
    public void Decrypt_OpenSslStreamedBerEnvelope_OpensAsItStreams()
    {
        // -stream writes indefinite lengths and a constructed OCTET STRING: BER, which is read as well as DER.
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var plaintext = RandomNumberGenerator.GetBytes(300_000);
        var (exitCode, output) = OpenSslEncrypt(plaintext, recipient, "-aes256", "-stream");
        Assert.True(exitCode == 0, output);
        using var envelope = File.OpenRead(_files.PathOf("openssl.p7m"));
        using var decrypted = new MemoryStream();

        PayloadEnvelope.Decrypt(envelope, decrypted, [recipient.Certificate]);

        Assert.Equal(plaintext, decrypted.ToArray());
    }

    [Fact]
    public void Decrypt_OpenSslGcmEnvelope_IsNamedAsAuthEnvelopedData()
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var (exitCode, output) = OpenSslEncrypt("x"u8.ToArray(), recipient, "-aes-256-gcm");
        Assert.True(exitCode == 0, output);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(File.ReadAllBytes(_files.PathOf("openssl.p7m")), recipient.Certificate));

        Assert.Equal(EnvelopeFailure.NotEnvelopedData, ex.Failure);
        Assert.Equal("the payload is not CMS EnvelopedData: it is CMS authEnvelopedData (1.2.840.113549.1.9.16.1.23)", ex.Message);
    }

    [Fact]
    public void Decrypt_OpenSslTripleDesEnvelope_IsAnUnsupportedAlgorithm()
    {
        using var recipient = _ca.Issue(KeyKind.Rsa2048);
        var (exitCode, output) = OpenSslEncrypt("x"u8.ToArray(), recipient, "-des3");
        Assert.True(exitCode == 0, output);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(File.ReadAllBytes(_files.PathOf("openssl.p7m")), recipient.Certificate));

        Assert.Equal(EnvelopeFailure.UnsupportedAlgorithm, ex.Failure);
        Assert.Equal("the content is encrypted with 1.2.840.113549.3.7; only AES-CBC (128, 192 or 256 bits) is decrypted here", ex.Message);
    }

    private (int ExitCode, string Output) OpenSslDecrypt(string envelope, Recipient recipient)
    {
        var certificate = _files.Write("recipient.pem", recipient.CertificatePem);
        var key = _files.Write("recipient.key", recipient.KeyPem);
        File.Delete(_files.PathOf("plain.bin"));
        return OpenSsl.Run("cms", "-decrypt", "-binary", "-inform", "DER", "-in", envelope, "-recip", certificate, "-inkey", key, "-out", _files.PathOf("plain.bin"));
    }

    private (int ExitCode, string Output) OpenSslEncrypt(byte[] plaintext, Recipient recipient, string cipher, params string[] recipientOptions)
    {
        var input = _files.Write("plain.bin", plaintext);
        var certificate = _files.Write("recipient.pem", recipient.CertificatePem);
        // Options that shape the recipient (-keyopt) follow -recip; the others come before the certificate.
        string[] recipientPart = recipientOptions.Any(o => o == "-keyopt") ? ["-recip", certificate, .. recipientOptions] : [.. recipientOptions, certificate];
        return OpenSsl.Run(["cms", "-encrypt", "-binary", "-outform", "DER", cipher, "-in", input, "-out", _files.PathOf("openssl.p7m"), .. recipientPart]);
    }

    public void Dispose()
    {
        _files.Dispose();
        _ca.Dispose();
    }
}
