using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Envelopes;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Envelopes;

/// <summary>Every way decryption and encryption refuse, each with its own kind and a message that says what to do.</summary>
public sealed class EnvelopeFailureTests : IDisposable
{
    private readonly EnvelopeCa _ca = new();

    [Fact]
    public void Decrypt_ByANonRecipient_NamesItAndEveryRecipient()
    {
        using var first = _ca.Issue(KeyKind.EcdsaP256, "000.00.00.H41");
        using var second = _ca.Issue(KeyKind.Rsa2048, "000.00.04.G14");
        using var stranger = _ca.Issue(KeyKind.EcdsaP256, "000.00.00.G22");
        var envelope = PayloadEnvelope.Encrypt("cong van"u8, [first.Public(), second.Public()]);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(envelope, stranger.Certificate));

        Assert.Equal(EnvelopeFailure.NotARecipient, ex.Failure);
        Assert.StartsWith($"the payload is not encrypted to certificate CN=000.00.00.G22 (serial {stranger.Certificate.SerialNumber}); it is for: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"serial {first.Certificate.SerialNumber} issued by {_ca.Root.Subject}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"serial {second.Certificate.SerialNumber} issued by {_ca.Root.Subject}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384)]
    [InlineData(KeyKind.Rsa2048)]
    public void Decrypt_WithAKeyThatIsNotTheCertificates_IsWrongKey(KeyKind kind)
    {
        // Same issuer and serial, so the RecipientInfo names it; another key, so it cannot open it.
        using var recipient = _ca.Issue(kind);
        using var twin = _ca.IssueTwin(recipient, kind);
        var envelope = PayloadEnvelope.Encrypt(RandomNumberGenerator.GetBytes(100), [recipient.Public()]);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(envelope, twin.Certificate));

        Assert.Equal(EnvelopeFailure.WrongKey, ex.Failure);
        Assert.StartsWith($"the private key of certificate CN=000.00.00.H41 (serial {recipient.Certificate.SerialNumber}) does not open the content key", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.Rsa2048)]
    public void Decrypt_DamagedEncryptedKey_IsDetected(KeyKind kind)
    {
        // RSA-OAEP and AES key wrap both check their own integrity: a changed byte never yields a key.
        using var recipient = _ca.Issue(kind);
        var envelope = PayloadEnvelope.Encrypt(RandomNumberGenerator.GetBytes(100), [recipient.Public()]);
        var wrapped = EnvelopeBytes.Decode(envelope).RecipientInfos[0].EncryptedKey;
        var at = EnvelopeBytes.IndexOf(envelope, wrapped) + (wrapped.Length / 2);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(EnvelopeBytes.Flip(envelope, at), recipient.Certificate));

        Assert.Equal(EnvelopeFailure.WrongKey, ex.Failure);
    }

    [Fact]
    public void Decrypt_RecipientInfoOfTheWrongShape_IsCorrupt()
    {
        // The OAEP hash algorithm's SEQUENCE turned into a SET: still DER, but not an AlgorithmIdentifier.
        using var recipient = _ca.Issue(KeyKind.Rsa2048);
        var envelope = PayloadEnvelope.Encrypt("x"u8, [recipient.Public()]);
        var oaepHash = Convert.FromHexString("A00F300D06096086480165030402010500");
        var at = EnvelopeBytes.IndexOf(envelope, oaepHash) + 2;
        envelope[at] = 0x31;

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(envelope, recipient.Certificate));

        Assert.Equal(EnvelopeFailure.Corrupt, ex.Failure);
        Assert.StartsWith("the EnvelopedData is damaged: a RecipientInfo cannot be read: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_DamagedLastBlocks_FailsThePaddingAsCorrupt()
    {
        // The last byte of the next-to-last block is XORed into the last padding byte: 1-16 becomes 0xEF-0xFE, never valid.
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var envelope = PayloadEnvelope.Encrypt(RandomNumberGenerator.GetBytes(1000), [recipient.Public()]);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(EnvelopeBytes.Flip(envelope, -17), recipient.Certificate));

        Assert.Equal(EnvelopeFailure.Corrupt, ex.Failure);
        Assert.StartsWith("the encrypted content is damaged: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(600)]
    public void Decrypt_Truncated_IsCorrupt(int cut)
    {
        using var recipient = _ca.Issue(KeyKind.Rsa2048);
        var envelope = PayloadEnvelope.Encrypt(RandomNumberGenerator.GetBytes(1000), [recipient.Public()]);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(envelope.AsSpan(0, envelope.Length - cut), recipient.Certificate));

        Assert.Equal(EnvelopeFailure.Corrupt, ex.Failure);
    }

    [Fact]
    public void Decrypt_AlteredMiddleBlock_IsNotCaughtByCbc_WhichIsWhyTheSignedHeaderDigestIsChecked()
    {
        // EnvelopedData with AES-CBC does not authenticate its content (docs/security.md): the SHA-256 of
        // the envelope in the signed header is what catches this. This pins the limit the docs state.
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var plaintext = RandomNumberGenerator.GetBytes(1024);
        var envelope = PayloadEnvelope.Encrypt(plaintext, [recipient.Public()]);

        var altered = PayloadEnvelope.Decrypt(EnvelopeBytes.Flip(envelope, -16 * 30), recipient.Certificate);

        Assert.Equal(plaintext.Length, altered.Length);
        Assert.NotEqual(plaintext, altered);
        Assert.NotEqual(SHA256.HashData(envelope), SHA256.HashData(EnvelopeBytes.Flip(envelope, -16 * 30)));
    }

    [Fact]
    public void Decrypt_APlainFile_IsNotEnvelopedData()
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt("%PDF-1.7 cong van"u8, recipient.Certificate));

        Assert.Equal(EnvelopeFailure.NotEnvelopedData, ex.Failure);
        Assert.Equal("the payload is not CMS EnvelopedData: it does not start with an ASN.1 SEQUENCE (first byte 0x25)", ex.Message);
    }

    [Fact]
    public void Decrypt_ASignature_SaysItIsSignedData()
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        using var signerCertificate = _ca.Issue(KeyKind.EcdsaP256, "000.00.00.G22", X509KeyUsageFlags.DigitalSignature);
        using var signer = new DetachedSigner(signerCertificate.Certificate);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(signer.Sign("header"u8), recipient.Certificate));

        Assert.Equal(EnvelopeFailure.NotEnvelopedData, ex.Failure);
        Assert.Equal("the payload is not CMS EnvelopedData: it is CMS signedData (1.2.840.113549.1.7.2)", ex.Message);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("3003020101", "its first ASN.1 SEQUENCE does not start with a content type (an OID), so it is not a CMS ContentInfo")]
    [InlineData("300806062a0304050607", "it is an ASN.1 structure starting with OID 1.2.3.4.5.6.7, not a CMS content type")]
    public void Decrypt_OtherBytes_AreNotEnvelopedData(string hex, string what)
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(Convert.FromHexString(hex), recipient.Certificate));

        Assert.Equal(EnvelopeFailure.NotEnvelopedData, ex.Failure);
        Assert.Equal($"the payload is not CMS EnvelopedData: {what}", ex.Message);
    }

    [Fact]
    public void Decrypt_EnvelopeHeaderFollowedByGarbage_IsCorrupt()
    {
        // Starts like EnvelopedData, so the quick look passes; the parse underneath must still refuse it.
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var envelope = PayloadEnvelope.Encrypt("x"u8, [recipient.Public()]);
        var damaged = envelope.AsSpan(0, 20).ToArray().Concat(RandomNumberGenerator.GetBytes(200)).ToArray();

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Decrypt(damaged, recipient.Certificate));

        Assert.Equal(EnvelopeFailure.Corrupt, ex.Failure);
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256, "an EC certificate needs keyAgreement")]
    [InlineData(KeyKind.Rsa2048, "an RSA certificate needs keyEncipherment")]
    public void Encrypt_ToASigningCertificate_IsRefusedNamingTheKeyUsage(KeyKind kind, string needs)
    {
        using var signing = _ca.Issue(kind, "000.00.00.G22", X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Encrypt("x"u8, [signing.Public()]));

        Assert.Equal(EnvelopeFailure.UnsuitableCertificate, ex.Failure);
        Assert.Equal($"certificate CN=000.00.00.G22 (serial {signing.Certificate.SerialNumber}) is not for encryption: " +
            $"its key usage is NonRepudiation, DigitalSignature; {needs}", ex.Message);
    }

    [Fact]
    public void Encrypt_ToAWeakOrUnusualKey_IsRefused()
    {
        using var rsa = RSA.Create(1024);
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        using var small = SelfSigned(new CertificateRequest("CN=small", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var curve = SelfSigned(new CertificateRequest("CN=curve", p521, HashAlgorithmName.SHA256));

        var weak = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Encrypt("x"u8, [small]));
        var unusual = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Encrypt("x"u8, [curve]));

        Assert.Equal($"certificate CN=small (serial {small.SerialNumber}) has an RSA key of 1024 bits; encryption takes 2048 bits or more", weak.Message);
        Assert.Equal($"certificate CN=curve (serial {curve.SerialNumber}) has an EC key on 1.3.132.0.35; encryption takes P-256 or P-384", unusual.Message);
    }

    [Fact]
    public void Encrypt_ThePlaintextChangedLength_FailsRatherThanWriteAWrongEnvelope()
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        using var encryptor = EnvelopeEncryptor.Create([recipient.Public()], 100);

        using var shorter = encryptor.Encrypt(new MemoryStream(new byte[99]));
        using var longer = encryptor.Encrypt(new MemoryStream(new byte[101]));

        Assert.Contains("ended at byte 99 of 100", Assert.Throws<IOException>(() => shorter.CopyTo(Stream.Null)).Message, StringComparison.Ordinal);
        Assert.Contains("longer than the 100 bytes", Assert.Throws<IOException>(() => longer.CopyTo(Stream.Null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encryptor_EncryptingTwice_GivesTheSameBytes_SoAnEnvelopeCanBeHashedThenSent()
    {
        using var recipient = _ca.Issue(KeyKind.Rsa2048);
        var plaintext = RandomNumberGenerator.GetBytes(300_000);
        using var encryptor = EnvelopeEncryptor.Create([recipient.Public()], plaintext.Length);

        byte[] Pass()
        {
            using var stream = encryptor.Encrypt(new MemoryStream(plaintext));
            return SHA256.HashData(stream);
        }

        Assert.Equal(Pass(), Pass());
    }

    [Fact]
    public void Decrypt_WithACertificateWithoutItsKey_IsAnArgumentError()
    {
        using var recipient = _ca.Issue(KeyKind.EcdsaP256);
        var envelope = PayloadEnvelope.Encrypt("x"u8, [recipient.Public()]);

        var ex = Assert.Throws<ArgumentException>(() => PayloadEnvelope.Decrypt(envelope, recipient.Public()));

        Assert.Contains("has no private key", ex.Message, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request)
    {
        // Every use, so that only the key itself is at fault (.NET also needs digitalSignature to self-sign with an EC key).
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyAgreement, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public void Dispose() => _ca.Dispose();
}
