using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// How the gateway signs its own statements (batch roots, audit checkpoints): detached CMS SignedData
/// (RFC 5652, DER) with content-type, message-digest and signing-time as signed attributes and the
/// signer's certificate included, so that any CMS tool (openssl cms -verify) checks it.
/// </summary>
internal static class GatewayCms
{
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    public const string Sha512Oid = "2.16.840.1.101.3.4.2.3";
    public const string DataContentTypeOid = "1.2.840.113549.1.7.1";
    public const string ContentTypeAttributeOid = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttributeOid = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttributeOid = "1.2.840.113549.1.9.5";

    /// <summary>
    /// The digest that matches the key's strength (SP 800-57): SHA-384 for P-384, SHA-512 for P-521,
    /// SHA-256 for P-256 and RSA.
    /// </summary>
    public static Oid DigestFor(X509Certificate2 certificate)
    {
        using var ec = certificate.GetECDsaPublicKey();
        return ec?.KeySize switch
        {
            > 384 => new Oid(Sha512Oid),
            > 256 => new Oid(Sha384Oid),
            _ => new Oid(Sha256Oid),
        };
    }

    /// <summary>Detached CMS over <paramref name="content"/> by <paramref name="signer"/>, which holds its private key.</summary>
    public static byte[] SignDetached(X509Certificate2 signer, ReadOnlySpan<byte> content, DateTimeOffset signingTime)
    {
        var cms = new SignedCms(new ContentInfo(content.ToArray()), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            DigestAlgorithm = DigestFor(signer),
            // The verifier pins the gateway's certificate; chains are the reader's business (ca.pem).
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        // With any signed attribute present, .NET adds content-type and message-digest itself.
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        cms.ComputeSignature(cmsSigner, silent: true);
        return cms.Encode();
    }
}
