using System.Formats.Asn1;
using System.Security.Cryptography;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>
/// The verifier is its own CMS reader, so it is held to the libraries: no altered signature may pass it
/// that .NET's SignedCms or BouncyCastle refuses. Every byte position is altered, not a sample. Besides
/// the signature itself, this holds the reader to the digest algorithms' syntax, the certificate choices,
/// and certificates that OpenSSL loads but BouncyCastle refuses (see CertificateShape).
/// </summary>
public sealed class VerifyAgreesWithLibrariesTests
{
    [Theory]
    [InlineData(KeyKind.EcdsaP256, 0x01)]
    [InlineData(KeyKind.EcdsaP256, 0x80)]
    [InlineData(KeyKind.Rsa2048, 0x01)] // one mask: BouncyCastle checks each new RSA modulus for primality, slowly
    public void Verify_AnyByteOfTheCmsAltered_PassesOnlyWhereBothLibrariesPass(KeyKind kind, byte mask)
    {
        using var identity = TestIdentity.Issue(kind);
        using var signer = new DetachedSigner(identity.Leaf, [identity.Root]);
        var header = Cms.Header();

        Sweep(header, signer.Sign(header), from: 0, mask);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    public void Verify_AnyByteOfAnRsaPssSignerInfoAltered_PassesOnlyWhereBothLibrariesPass(byte mask)
    {
        // The signer info only: it is where PSS differs (its parameters), and the certificates are swept above.
        using var identity = TestIdentity.Issue(KeyKind.Rsa2048);
        using var signer = new DetachedSigner(identity.Leaf, rsaPadding: RSASignaturePadding.Pss);
        var header = Cms.Header();
        var cms = signer.Sign(header);

        Sweep(header, cms, from: SignerInfosOffset(cms), mask);
    }

    private static void Sweep(byte[] header, byte[] cms, int from, byte mask)
    {
        var verifier = new DetachedSignatureVerifier();
        var passed = 0;
        var stricter = 0;
        for (var i = from; i < cms.Length; i++)
        {
            var altered = Cms.Flip(cms, i, mask);
            if (Accepts(verifier, header, altered))
            {
                passed++;
                Assert.True(LibraryVerifiers.SignedCmsAccepts(header, altered), $"byte {i} altered: accepted here, refused by SignedCms");
                Assert.True(LibraryVerifiers.BouncyCastleAccepts(header, altered), $"byte {i} altered: accepted here, refused by BouncyCastle");
            }
            else if (LibraryVerifiers.SignedCmsAccepts(header, altered))
            {
                stricter++;
            }
        }

        // In a whole CMS something must pass, or the comparison was never made: alterations inside the
        // certificates' own signatures, which the trust checker verifies. In a signer info nearly every
        // byte is signed or identifies the signer (its version number is read by no one), so there the
        // sweep may find nothing to compare.
        if (from == 0)
            Assert.True(passed > 0, "no alteration passed: the comparison was never made");
        TestContext.Current.TestOutputHelper?.WriteLine($"{cms.Length - from} bytes altered: {passed} pass all three; {stricter} pass SignedCms but are refused here");
    }

    private static bool Accepts(DetachedSignatureVerifier verifier, byte[] header, byte[] cms)
    {
        try
        {
            _ = verifier.Verify(header, cms);
            return true;
        }
        catch (SignatureException)
        {
            return false; // any other exception escapes and fails the test: refusals must be typed
        }
    }

    /// <summary>Where the SignedData's signerInfos SET starts: it is the SignedData's last field.</summary>
    private static int SignerInfosOffset(byte[] cms)
    {
        var contentInfo = new AsnReader(cms, AsnEncodingRules.DER).ReadSequence();
        _ = contentInfo.ReadObjectIdentifier();
        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        ReadOnlyMemory<byte> last = default;
        while (signedData.HasData)
            last = signedData.ReadEncodedValue();
        return cms.Length - last.Length;
    }
}
