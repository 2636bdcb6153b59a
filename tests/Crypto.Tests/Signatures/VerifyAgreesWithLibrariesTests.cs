using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>
/// The verifier is its own CMS reader, so it is held to the libraries: no altered signature may pass it
/// that .NET's SignedCms or BouncyCastle refuses. Every byte position is altered, not a sample. The
/// sweep found what a reader of its own must also check: the digest algorithms' syntax, certificate
/// choices, and certificates that OpenSSL loads but BouncyCastle refuses (see CertificateShape).
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
        var cms = signer.Sign(header);
        var verifier = new DetachedSignatureVerifier();
        var passed = 0;
        var stricter = 0;

        for (var i = 0; i < cms.Length; i++)
        {
            var altered = Cms.Flip(cms, i, mask);
            var accepted = Accepts(verifier, header, altered);
            if (accepted)
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

        // Alterations that nobody checks here (inside the certificates' own signatures, which the
        // trust checker verifies) must pass everywhere, or the sweep would prove nothing.
        Assert.True(passed > 0, "no alteration passed: the comparison was never made");
        TestContext.Current.TestOutputHelper?.WriteLine($"{cms.Length} bytes: {passed} alterations pass all three; {stricter} pass SignedCms but are refused here");
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
}
