using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Gateway.Crypto.Envelopes;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Envelopes;

/// <summary>Encrypt and decrypt for each key type, several recipients, and what the envelope looks like from outside.</summary>
public sealed class PayloadEnvelopeTests : IDisposable
{
    private const string RsaOaep = "1.2.840.113549.1.1.7";
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";

    private readonly EnvelopeCa _ca = new();

    public static TheoryData<KeyKind> Kinds => [KeyKind.EcdsaP256, KeyKind.EcdsaP384, KeyKind.Rsa2048, KeyKind.Rsa3072];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Encrypt_ThenDecrypt_GivesThePlaintextBack(KeyKind kind)
    {
        using var recipient = _ca.Issue(kind);
        using var certificate = recipient.Public();
        var plaintext = RandomNumberGenerator.GetBytes(100_003);

        var envelope = PayloadEnvelope.Encrypt(plaintext, [certificate]);

        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(envelope, recipient.Certificate));
        Assert.False(envelope.AsSpan().IndexOf(plaintext.AsSpan(0, 64)) >= 0, "the plaintext shows through");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(4096)]
    public void Encrypt_SizesAroundTheBlock_RoundTripAndTheLengthIsAsComputed(int size)
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var plaintext = RandomNumberGenerator.GetBytes(size);
        using var encryptor = EnvelopeEncryptor.Create([recipient.Certificate], size);

        using var stream = encryptor.Encrypt(new MemoryStream(plaintext));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.Equal(encryptor.Length, copy.Length);
        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(copy.ToArray(), recipient.Certificate));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Encrypt_WritesStrictDerThatDotNetDecodesAsEnvelopedData(KeyKind kind)
    {
        using var recipient = _ca.Issue(kind);

        var envelope = PayloadEnvelope.Encrypt(RandomNumberGenerator.GetBytes(5000), [recipient.Public()]);

        EnvelopeBytes.AssertDer(envelope);
        var cms = EnvelopeBytes.Decode(envelope);
        Assert.Equal(Aes256Cbc, cms.ContentEncryptionAlgorithm.Oid.Value);
        var info = Assert.Single(cms.RecipientInfos.Cast<RecipientInfo>());
        var identifier = Assert.IsType<System.Security.Cryptography.Xml.X509IssuerSerial>(info.RecipientIdentifier.Value);
        Assert.Equal(recipient.Certificate.SerialNumber, identifier.SerialNumber);
        if (kind is KeyKind.Rsa2048 or KeyKind.Rsa3072)
        {
            Assert.Equal(RecipientInfoType.KeyTransport, info.Type);
            Assert.Equal(RsaOaep, info.KeyEncryptionAlgorithm.Oid.Value);
        }
        else
        {
            Assert.Equal(RecipientInfoType.KeyAgreement, info.Type);
        }
    }

    [Fact]
    public void Encrypt_RsaRecipient_DecryptsWithDotNetsEnvelopedCmsToo()
    {
        // A third implementation opening the RSA-OAEP key transport (.NET does not do ECDH in CMS).
        using var recipient = _ca.Issue(KeyKind.Rsa2048);
        var plaintext = RandomNumberGenerator.GetBytes(3000);
        var cms = EnvelopeBytes.Decode(PayloadEnvelope.Encrypt(plaintext, [recipient.Public()]));

        cms.Decrypt(new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(recipient.Certificate));

        Assert.Equal(plaintext, cms.ContentInfo.Content);
    }

    [Fact]
    public void Encrypt_ToSeveralRecipients_EachDecryptsWithItsOwnKey()
    {
        using var rsa = _ca.Issue(KeyKind.Rsa2048, "000.00.00.H41");
        using var p256 = _ca.Issue(KeyKind.EcdsaP256, "000.00.00.G22");
        using var p384 = _ca.Issue(KeyKind.EcdsaP384, "000.00.04.G14");
        using var second256 = _ca.Issue(KeyKind.EcdsaP256, "000.00.00.H40");
        var plaintext = RandomNumberGenerator.GetBytes(20_000);

        var envelope = PayloadEnvelope.Encrypt(plaintext, [rsa.Public(), p256.Public(), p384.Public(), second256.Public()]);

        Assert.Equal(4, EnvelopeBytes.Decode(envelope).RecipientInfos.Count);
        foreach (var recipient in new[] { rsa, p256, p384, second256 })
            Assert.Equal(plaintext, PayloadEnvelope.Decrypt(envelope, recipient.Certificate));
    }

    [Fact]
    public void Encrypt_SameCertificateTwice_MakesOneRecipientInfo()
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);

        var envelope = PayloadEnvelope.Encrypt("x"u8, [recipient.Public(), recipient.Public()]);

        Assert.Single(EnvelopeBytes.Decode(envelope).RecipientInfos.Cast<RecipientInfo>());
    }

    [Fact]
    public void Encrypt_TwiceTheSamePlaintext_GivesDifferentEnvelopes()
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var plaintext = RandomNumberGenerator.GetBytes(1000);

        Assert.NotEqual(PayloadEnvelope.Encrypt(plaintext, [recipient.Public()]), PayloadEnvelope.Encrypt(plaintext, [recipient.Public()]));
    }

    [Fact]
    public void DecryptStream_WithSeveralCertificates_UsesTheOneItIsForAndSaysWhich()
    {
        using var stranger = _ca.Issue(KeyKind.Rsa2048, "000.00.00.G22");
        using var recipient = _ca.Issue(KeyKind.EcdsaP384);
        var plaintext = RandomNumberGenerator.GetBytes(70_000);
        using var source = new MemoryStream();
        PayloadEnvelope.Encrypt(new MemoryStream(plaintext), source, [recipient.Public()]);
        source.Position = 0;
        using var output = new MemoryStream();

        var used = PayloadEnvelope.Decrypt(source, output, [stranger.Certificate, recipient.Certificate]);

        Assert.Same(recipient.Certificate, used);
        Assert.Equal(plaintext, output.ToArray());
    }

    public void Dispose() => _ca.Dispose();
}
