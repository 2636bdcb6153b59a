using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Envelopes;
using Gateway.Crypto.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Gateway.Crypto.Tests.Envelopes;

/// <summary>
/// Envelopes made by BouncyCastle C#'s own CMS generator, a third implementation a sender may use. Its
/// ECDH key derivation differs from RFC 5753 and OpenSSL in one byte pattern (NULL where the AES wrap
/// algorithm has no parameters); the decryptor tries both, and the key wrap check tells which.
/// </summary>
public sealed class EnvelopeBouncyCastleTests : IDisposable
{
    private readonly EnvelopeCa _ca = new();

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.EcdsaP384)]
    public void Decrypt_BouncyCastleKeyAgreementEnvelope_Opens(KeyKind kind)
    {
        using var recipient = _ca.Issue(kind);
        var certificate = new X509CertificateParser().ReadCertificate(recipient.Certificate.RawData);
        var curve = ((ECPublicKeyParameters)certificate.GetPublicKey()).PublicKeyParamSet;
        var keys = new ECKeyPairGenerator();
        keys.Init(new ECKeyGenerationParameters(curve, new SecureRandom()));
        var ephemeral = keys.GenerateKeyPair();
        var generator = new CmsEnvelopedDataGenerator();
        generator.AddKeyAgreementRecipient(CmsEnvelopedGenerator.ECDHSha256Kdf, ephemeral.Private, ephemeral.Public, certificate, CmsEnvelopedGenerator.Aes256Wrap);
        var plaintext = RandomNumberGenerator.GetBytes(4000);

        var envelope = generator.Generate(new CmsProcessableByteArray(plaintext), new DerObjectIdentifier(EnvelopeTestOids.Aes256Cbc)).GetEncoded();

        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(envelope, recipient.Certificate));
    }

    [Fact]
    public void Decrypt_BouncyCastleKeyTransportEnvelope_Opens()
    {
        using var recipient = _ca.Issue(KeyKind.Rsa2048);
        var generator = new CmsEnvelopedDataGenerator();
        generator.AddKeyTransRecipient(new X509CertificateParser().ReadCertificate(recipient.Certificate.RawData));
        var plaintext = RandomNumberGenerator.GetBytes(4000);

        var envelope = generator.Generate(new CmsProcessableByteArray(plaintext), new DerObjectIdentifier(EnvelopeTestOids.Aes128Cbc)).GetEncoded();

        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(envelope, recipient.Certificate));
    }

    [Theory]
    [InlineData(KeyKind.Rsa2048)]
    [InlineData(KeyKind.EcdsaP256)]
    public void Encrypt_Output_IsParsedByBouncyCastle(KeyKind kind)
    {
        // BouncyCastle opens the RSA-OAEP envelope; for ECDH its KDF differs, so it is only parsed, and must name the recipient.
        using var recipient = _ca.Issue(kind);
        var plaintext = RandomNumberGenerator.GetBytes(1000);
        var parsed = new CmsEnvelopedData(PayloadEnvelope.Encrypt(plaintext, [recipient.Public()]));
        var certificate = new X509CertificateParser().ReadCertificate(recipient.Certificate.RawData);

        var info = Assert.Single(parsed.GetRecipientInfos().GetRecipients());

        Assert.True(info.RecipientID.Match(certificate));
        Assert.Equal(EnvelopeTestOids.Aes256Cbc, parsed.EncryptionAlgOid);
        if (kind == KeyKind.Rsa2048)
        {
            var key = PrivateKeyFactory.CreateKey(recipient.Certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKey());
            Assert.Equal(plaintext, info.GetContent(key));
        }
    }

    public void Dispose() => _ca.Dispose();
}

/// <summary>Algorithm identifiers the tests name.</summary>
internal static class EnvelopeTestOids
{
    public const string Aes128Cbc = "2.16.840.1.101.3.4.1.2";
    public const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
}
