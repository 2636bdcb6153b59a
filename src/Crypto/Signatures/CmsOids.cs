namespace Gateway.Crypto.Signatures;

/// <summary>Object identifiers of CMS (RFC 5652), its attributes and the algorithms the policy names.</summary>
internal static class CmsOids
{
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";

    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    public const string Md5 = "1.2.840.113549.2.5";
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha224 = "2.16.840.1.101.3.4.2.4";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string Sha3_256 = "2.16.840.1.101.3.4.2.8";
    public const string Sha3_384 = "2.16.840.1.101.3.4.2.9";
    public const string Sha3_512 = "2.16.840.1.101.3.4.2.10";

    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    public const string EcdsaWithSha224 = "1.2.840.10045.4.3.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Md5WithRsa = "1.2.840.113549.1.1.4";
    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string Sha224WithRsa = "1.2.840.113549.1.1.14";
    public const string Mgf1 = "1.2.840.113549.1.1.8";

    public const string CurveP256 = "1.2.840.10045.3.1.7";
    public const string CurveP384 = "1.3.132.0.34";

    /// <summary>Names for messages, so a refusal says "SHA-1" or "brainpoolP256r1" rather than a bare OID.</summary>
    private static readonly Dictionary<string, string> Names = new()
    {
        [Data] = "id-data",
        [SignedData] = "signedData",
        ["1.2.840.113549.1.7.3"] = "envelopedData",
        ["1.2.840.113549.1.7.5"] = "digestedData",
        ["1.2.840.113549.1.9.16.1.2"] = "authData",
        ["1.2.840.113549.2.2"] = "MD2",
        [Md5] = "MD5",
        [Sha1] = "SHA-1",
        [Sha224] = "SHA-224",
        [Sha256] = "SHA-256",
        [Sha384] = "SHA-384",
        [Sha512] = "SHA-512",
        ["2.16.840.1.101.3.4.2.5"] = "SHA-512/224",
        ["2.16.840.1.101.3.4.2.6"] = "SHA-512/256",
        ["2.16.840.1.101.3.4.2.7"] = "SHA3-224",
        [Sha3_256] = "SHA3-256",
        [Sha3_384] = "SHA3-384",
        [Sha3_512] = "SHA3-512",
        [EcPublicKey] = "id-ecPublicKey",
        [EcdsaWithSha1] = "ecdsa-with-SHA1",
        [EcdsaWithSha224] = "ecdsa-with-SHA224",
        [EcdsaWithSha256] = "ecdsa-with-SHA256",
        [EcdsaWithSha384] = "ecdsa-with-SHA384",
        [EcdsaWithSha512] = "ecdsa-with-SHA512",
        [RsaEncryption] = "rsaEncryption",
        ["1.2.840.113549.1.1.2"] = "md2WithRSAEncryption",
        [Md5WithRsa] = "md5WithRSAEncryption",
        [Sha1WithRsa] = "sha1WithRSAEncryption",
        [RsaPss] = "RSASSA-PSS",
        [Sha256WithRsa] = "sha256WithRSAEncryption",
        [Sha384WithRsa] = "sha384WithRSAEncryption",
        [Sha512WithRsa] = "sha512WithRSAEncryption",
        [Sha224WithRsa] = "sha224WithRSAEncryption",
        ["1.2.840.10040.4.1"] = "DSA",
        ["1.2.840.10040.4.3"] = "dsa-with-SHA1",
        ["2.16.840.1.101.3.4.3.2"] = "dsa-with-SHA256",
        ["1.3.101.112"] = "Ed25519",
        ["1.3.101.113"] = "Ed448",
        ["1.2.840.10045.3.1.1"] = "P-192",
        ["1.3.132.0.33"] = "P-224",
        [CurveP256] = "P-256",
        [CurveP384] = "P-384",
        ["1.3.132.0.35"] = "P-521",
        ["1.3.132.0.10"] = "secp256k1",
        ["1.3.36.3.3.2.8.1.1.7"] = "brainpoolP256r1",
        ["1.3.36.3.3.2.8.1.1.11"] = "brainpoolP384r1",
        ["1.3.36.3.3.2.8.1.1.13"] = "brainpoolP512r1",
        ["1.2.156.10197.1.301"] = "SM2",
    };

    /// <summary>"SHA-1", or the dotted OID itself when it has no name here.</summary>
    public static string Describe(string oid) => Names.TryGetValue(oid, out var name) ? name : oid;
}
