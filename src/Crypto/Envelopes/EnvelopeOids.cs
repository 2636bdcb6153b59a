namespace Gateway.Crypto.Envelopes;

/// <summary>Object identifiers of the envelope's structure and algorithms (RFC 5652, 3565, 4055, 5753) and names for messages.</summary>
internal static class EnvelopeOids
{
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string EnvelopedData = "1.2.840.113549.1.7.3";
    public const string DigestedData = "1.2.840.113549.1.7.5";
    public const string EncryptedData = "1.2.840.113549.1.7.6";
    public const string AuthenticatedData = "1.2.840.113549.1.9.16.1.2";
    public const string CompressedData = "1.2.840.113549.1.9.16.1.9";
    public const string AuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";

    public const string Aes128Cbc = "2.16.840.1.101.3.4.1.2";
    public const string Aes192Cbc = "2.16.840.1.101.3.4.1.22";
    public const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    public const string Aes128Wrap = "2.16.840.1.101.3.4.1.5";
    public const string Aes192Wrap = "2.16.840.1.101.3.4.1.25";
    public const string Aes256Wrap = "2.16.840.1.101.3.4.1.45";

    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string RsaesOaep = "1.2.840.113549.1.1.7";
    public const string Mgf1 = "1.2.840.113549.1.1.8";
    public const string PSpecified = "1.2.840.113549.1.1.9";
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";

    /// <summary>dhSinglePass-stdDH-sha*kdf-scheme (RFC 5753 §7.1.4): ephemeral-static ECDH, X9.63 KDF over that hash.</summary>
    public const string EcdhSha1Kdf = "1.3.133.16.840.63.0.2";
    public const string EcdhSha256Kdf = "1.3.132.1.11.1";
    public const string EcdhSha384Kdf = "1.3.132.1.11.2";
    public const string EcdhSha512Kdf = "1.3.132.1.11.3";

    /// <summary>dhSinglePass-cofactorDH-sha*kdf-scheme: the same as stdDH on P-256 and P-384, whose cofactor is 1.</summary>
    public const string EcdhCofactorSha1Kdf = "1.3.133.16.840.63.0.3";
    public const string EcdhCofactorSha256Kdf = "1.3.132.1.14.1";
    public const string EcdhCofactorSha384Kdf = "1.3.132.1.14.2";
    public const string EcdhCofactorSha512Kdf = "1.3.132.1.14.3";

    /// <summary>The CMS content type's name (signedData, ...) or null for an OID that is not one.</summary>
    public static string? ContentTypeName(string oid) => oid switch
    {
        Data => "data",
        SignedData => "signedData",
        EnvelopedData => "envelopedData",
        DigestedData => "digestedData",
        EncryptedData => "encryptedData",
        AuthenticatedData => "authenticatedData",
        CompressedData => "compressedData",
        AuthEnvelopedData => "authEnvelopedData",
        _ => null,
    };

    /// <summary>Key bytes of an AES-CBC content encryption algorithm, or 0 for any other algorithm (not decrypted here).</summary>
    public static int AesCbcKeyBytes(string oid) => oid switch
    {
        Aes128Cbc => 16,
        Aes192Cbc => 24,
        Aes256Cbc => 32,
        _ => 0,
    };

    /// <summary>Key bytes of an AES key wrap algorithm (RFC 3394), or 0 for any other.</summary>
    public static int AesWrapKeyBytes(string oid) => oid switch
    {
        Aes128Wrap => 16,
        Aes192Wrap => 24,
        Aes256Wrap => 32,
        _ => 0,
    };

    /// <summary>The hash of a digest OID that .NET computes, or null.</summary>
    public static System.Security.Cryptography.HashAlgorithmName? Hash(string oid) => oid switch
    {
        Sha1 => System.Security.Cryptography.HashAlgorithmName.SHA1,
        Sha256 => System.Security.Cryptography.HashAlgorithmName.SHA256,
        Sha384 => System.Security.Cryptography.HashAlgorithmName.SHA384,
        Sha512 => System.Security.Cryptography.HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>The KDF hash of an ECDH key agreement scheme, or null for a scheme not taken here (MQV, SHA-224).</summary>
    public static System.Security.Cryptography.HashAlgorithmName? EcdhKdfHash(string oid) => oid switch
    {
        EcdhSha1Kdf or EcdhCofactorSha1Kdf => System.Security.Cryptography.HashAlgorithmName.SHA1,
        EcdhSha256Kdf or EcdhCofactorSha256Kdf => System.Security.Cryptography.HashAlgorithmName.SHA256,
        EcdhSha384Kdf or EcdhCofactorSha384Kdf => System.Security.Cryptography.HashAlgorithmName.SHA384,
        EcdhSha512Kdf or EcdhCofactorSha512Kdf => System.Security.Cryptography.HashAlgorithmName.SHA512,
        _ => null,
    };
}
