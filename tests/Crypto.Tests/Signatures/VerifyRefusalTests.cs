using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>Each way a signature can be unusable, and the refusal it gets.</summary>
public sealed class VerifyRefusalTests : IDisposable
{
    private readonly DetachedSignatureVerifier _verifier = new();
    private readonly TestIdentity _identity = TestIdentity.Issue(KeyKind.EcdsaP256);
    private readonly byte[] _header = Cms.Header();

    public void Dispose() => _identity.Dispose();

    [Fact]
    public void Verify_NoSignature_IsMissing()
    {
        var refusal = Refuse(_header, []);

        Assert.Equal(SignatureFailure.Missing, refusal.Failure);
    }

    [Fact]
    public void Verify_GarbageBytes_IsMalformed()
    {
        var refusal = Refuse(_header, "this is not a signature"u8.ToArray());

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.Contains("not a DER CMS SignedData", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TruncatedDer_IsMalformed()
    {
        var cms = Sign();

        var refusal = Refuse(_header, cms[..^10]);

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.Contains("cannot read the ContentInfo", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BytesAfterTheCms_IsMalformed()
    {
        var refusal = Refuse(_header, [.. Sign(), 0, 0]);

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.Equal("2 bytes follow the CMS ContentInfo", refusal.Message);
    }

    [Fact]
    public void Verify_IndefiniteLengthBer_IsMalformed()
    {
        var der = Sign();
        Assert.Equal(0x82, der[1]); // a two-byte definite length, replaced below by the indefinite form
        byte[] ber = [0x30, 0x80, .. der.AsSpan(4), 0x00, 0x00];

        var refusal = Refuse(_header, ber);

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
    }

    [Fact]
    public void Verify_ContentInfoOfAnotherType_IsMalformed()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.7.1");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                writer.WriteOctetString(_header);
        }

        var refusal = Refuse(_header, writer.Encode());

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.Equal("the CMS content type is id-data, not signedData", refusal.Message);
    }

    [Fact]
    public void Verify_ContentAttached_IsMalformed()
    {
        var cms = Cms.SignWithSignedCms(_identity.Leaf, _header, detached: false);

        var refusal = Refuse(_header, cms);

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.Contains("must be detached", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TwoSigners_IsMalformed()
    {
        using var other = TestIdentity.Issue(KeyKind.EcdsaP256, "Other");
        var cms = Cms.SignTwice(_identity.Leaf, other.Leaf, _header);
        Assert.True(LibraryVerifiers.SignedCmsAccepts(_header, cms)); // valid CMS, just not one the gateway takes

        var refusal = Refuse(_header, cms);

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.Equal("the CMS has 2 signers; exactly one is required", refusal.Message);
    }

    [Fact]
    public void Verify_NoSignedAttributes_IsMalformed()
    {
        var cms = Cms.SignWithSignedCms(_identity.Leaf, _header, signedAttributes: false);
        Assert.True(LibraryVerifiers.SignedCmsAccepts(_header, cms));

        var refusal = Refuse(_header, cms);

        Assert.Equal(SignatureFailure.Malformed, refusal.Failure);
        Assert.Contains("no signed attributes", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoCertificateIncluded_IsSignerCertificateMissing()
    {
        var cms = Cms.SignWithSignedCms(_identity.Leaf, _header, s => s.IncludeOption = X509IncludeOption.None);

        var refusal = Refuse(_header, cms);

        Assert.Equal(SignatureFailure.SignerCertificateMissing, refusal.Failure);
        Assert.Contains("issuer C=VN, CN=Test Root", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(_identity.Leaf.SerialNumber, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OnlyAnotherCertificateIncluded_IsSignerCertificateMissing()
    {
        var cms = Cms.SignWithSignedCms(_identity.Leaf, _header, s =>
        {
            s.IncludeOption = X509IncludeOption.None;
            s.Certificates.Add(_identity.Root);
        });

        Assert.Equal(SignatureFailure.SignerCertificateMissing, Refuse(_header, cms).Failure);
    }

    [Fact]
    public void Verify_HeaderChangedAfterSigning_IsTampered()
    {
        var cms = Sign();
        var changed = Cms.Flip(_header, 150);

        var refusal = Refuse(changed, cms);

        Assert.Equal(SignatureFailure.Tampered, refusal.Failure);
        Assert.Equal("the header bytes do not match the signature: the message-digest attribute is not the SHA256 of the header", refusal.Message);
        Assert.False(LibraryVerifiers.SignedCmsAccepts(changed, cms));
        Assert.False(LibraryVerifiers.BouncyCastleAccepts(changed, cms));
    }

    [Fact]
    public void Verify_SignatureByteChanged_IsTampered()
    {
        var original = Sign();
        var cms = Cms.Flip(original, original.Length - 1); // the last byte of the DER ECDSA signature's s

        var refusal = Refuse(_header, cms);

        Assert.Equal(SignatureFailure.Tampered, refusal.Failure);
        Assert.Contains("does not verify with the signer's key", refusal.Message, StringComparison.Ordinal);
        Assert.False(LibraryVerifiers.SignedCmsAccepts(_header, cms));
        Assert.False(LibraryVerifiers.BouncyCastleAccepts(_header, cms));
    }

    [Fact]
    public void Verify_MessageDigestAttributeChanged_IsTampered()
    {
        var original = Sign();
        var cms = Cms.Flip(original, Cms.IndexOf(original, Cms.Sha256(_header)) + 5);

        var refusal = Refuse(_header, cms);

        Assert.Equal(SignatureFailure.Tampered, refusal.Failure);
        Assert.False(LibraryVerifiers.SignedCmsAccepts(_header, cms));
        Assert.False(LibraryVerifiers.BouncyCastleAccepts(_header, cms));
    }

    [Fact]
    public void Verify_MessageDigestAttributeReplacedWithTheNewHeadersDigest_IsTampered()
    {
        // The forger recomputes the digest of the changed header: the signature over the attributes no longer holds.
        var original = Sign();
        var changed = Cms.Flip(_header, 0);
        var cms = (byte[])original.Clone();
        Cms.Sha256(changed).CopyTo(cms, Cms.IndexOf(original, Cms.Sha256(_header)));

        var refusal = Refuse(changed, cms);

        Assert.Equal(SignatureFailure.Tampered, refusal.Failure);
        Assert.Contains("does not verify", refusal.Message, StringComparison.Ordinal);
        Assert.False(LibraryVerifiers.SignedCmsAccepts(changed, cms));
        Assert.False(LibraryVerifiers.BouncyCastleAccepts(changed, cms));
    }

    [Fact]
    public void Verify_SignedByAnotherKeyThanTheCertificates_IsTampered()
    {
        // Someone else's key signing under this certificate (BouncyCastle does not check that they match).
        using var impostorKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var forged = BouncyCastleSigner.Sign(_identity.Leaf, impostorKey, _header);

        var refusal = Refuse(_header, forged);

        Assert.Equal(SignatureFailure.Tampered, refusal.Failure);
        Assert.Contains("does not verify with the signer's key", refusal.Message, StringComparison.Ordinal);
        Assert.False(LibraryVerifiers.SignedCmsAccepts(_header, forged));
        Assert.False(LibraryVerifiers.BouncyCastleAccepts(_header, forged));
    }

    private byte[] Sign()
    {
        using var signer = new DetachedSigner(_identity.Leaf);
        return signer.Sign(_header);
    }

    private SignatureException Refuse(byte[] header, byte[] cms) =>
        Assert.Throws<SignatureException>(() => _verifier.Verify(header, cms));
}
