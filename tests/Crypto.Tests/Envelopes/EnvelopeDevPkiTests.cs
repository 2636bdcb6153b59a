using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Envelopes;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Tests.Pki;

namespace Gateway.Crypto.Tests.Envelopes;

/// <summary>The development PKI's encryption certificates: what they say, where they go, and that envelopes open with them.</summary>
public sealed class EnvelopeDevPkiTests : IDisposable
{
    private const string H41 = "000.00.00.H41";
    private readonly PkiTestDirectory _dir = new();
    private readonly DevPki _pki;

    public EnvelopeDevPkiTests() => _pki = DevPki.Init(_dir.Pki);

    [Theory]
    [InlineData(KeyKind.EcdsaP256, X509KeyUsageFlags.KeyAgreement)]
    [InlineData(KeyKind.EcdsaP384, X509KeyUsageFlags.KeyAgreement)]
    [InlineData(KeyKind.Rsa2048, X509KeyUsageFlags.KeyEncipherment)]
    public void IssueOrgEncryption_KeyUsageForTheKeyType_BesideTheSigningCertificate(KeyKind kind, X509KeyUsageFlags usage)
    {
        using var signing = _pki.IssueOrg(H41);
        using var encryption = _pki.IssueOrgEncryption(H41, new IssueOptions { KeyKind = kind });

        Assert.Equal(usage, PkiAssert.KeyUsage(encryption.Certificate));
        Assert.Equal([H41], CertificateFactory.ReadOrgCodes(encryption.Certificate));
        PkiAssert.Chains(encryption.Certificate, _pki.Root);
        Assert.Equal((_dir.File("orgs/000.00.00.H41.encryption.pem"), _dir.File("orgs/000.00.00.H41.encryption.key")), (encryption.CertificatePath, encryption.KeyPath));
        Assert.Equal(PkiCertificateKind.OrgEncryption, DevPki.Open(_dir.Pki).Index.Certificates.Single(c => c.Serial == encryption.Entry.Serial).Kind);
        Assert.Contains("\"kind\": \"orgEncryption\"", File.ReadAllText(_dir.File("index.json")), StringComparison.Ordinal);
        Assert.NotEqual(signing.Certificate.GetPublicKey(), encryption.Certificate.GetPublicKey());
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256)]
    [InlineData(KeyKind.Rsa3072)]
    public void IssueOrgEncryption_FilesAsWritten_EncryptAndDecrypt(KeyKind kind)
    {
        using var issued = _pki.IssueOrgEncryption(H41, new IssueOptions { KeyKind = kind });
        using var sender = X509CertificateLoader.LoadCertificateFromFile(issued.CertificatePath);
        using var recipient = issued.LoadWithPrivateKey();
        var plaintext = RandomNumberGenerator.GetBytes(10_000);

        var envelope = PayloadEnvelope.Encrypt(plaintext, [sender]);

        Assert.Equal(plaintext, PayloadEnvelope.Decrypt(envelope, recipient));
    }

    [Fact]
    public void Encrypt_ToTheSigningCertificate_IsRefused_TheEncryptionOneIsNeeded()
    {
        using var signing = _pki.IssueOrg(H41);

        var ex = Assert.Throws<EnvelopeException>(() => PayloadEnvelope.Encrypt("x"u8, [signing.Certificate]));

        Assert.Equal(EnvelopeFailure.UnsuitableCertificate, ex.Failure);
        Assert.Contains("an EC certificate needs keyAgreement", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IssueOrgEncryption_Again_WhileInForce_IsRefusedAndTheSigningOneIsNoObstacle()
    {
        using var signing = _pki.IssueOrg(H41);
        using var first = _pki.IssueOrgEncryption(H41);

        var ex = Assert.Throws<PkiException>(() => _pki.IssueOrgEncryption(H41));

        Assert.Equal(PkiFailure.Refused, ex.Failure);
        Assert.Contains($"org {H41} (encryption) already has a certificate in force: serial {first.Entry.Serial}", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }
}
