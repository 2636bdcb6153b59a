using System.Collections.Concurrent;
using System.Security.Cryptography.Pkcs;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>The reference verifiers: whatever either refuses, DetachedSignatureVerifier must refuse too.</summary>
internal static class LibraryVerifiers
{
    // BouncyCastle tests every RSA modulus it is given for primality (tens of milliseconds); byte sweeps
    // present the same certificate hundreds of times.
    private static readonly ConcurrentDictionary<string, AsymmetricKeyParameter> Keys = new();

    /// <summary>.NET: decode as a detached signature of <paramref name="content"/> and check the signature only (no chain).</summary>
    public static bool SignedCmsAccepts(byte[] content, byte[] cms)
    {
        try
        {
            var signed = new SignedCms(new ContentInfo(content), detached: true);
            signed.Decode(cms);
            signed.CheckSignature(verifySignatureOnly: true);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>BouncyCastle: every signer must verify with the key of the certificate the CMS includes for it.</summary>
    public static bool BouncyCastleAccepts(byte[] content, byte[] cms)
    {
        try
        {
            var signed = new CmsSignedData(new CmsProcessableByteArray(content), cms);
            var signers = signed.GetSignerInfos().GetSigners();
            if (signers.Count == 0)
                return false;
            foreach (var signer in signers)
            {
                var certificate = signed.GetCertificates().EnumerateMatches(signer.SignerID).Single();
                // With the key rather than the certificate: Verify(certificate) also checks that the
                // certificate was valid at the signing time, which is the trust checker's business here
                // (and SignedCms.CheckSignature(true) does not check it either). Verify throws
                // CmsException on a digest mismatch rather than returning false.
                if (!signer.Verify(PublicKeyOf(certificate)))
                    return false;
            }

            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static AsymmetricKeyParameter PublicKeyOf(X509Certificate certificate) =>
        Keys.GetOrAdd(Convert.ToBase64String(certificate.GetEncoded()), _ => certificate.GetPublicKey());
}
