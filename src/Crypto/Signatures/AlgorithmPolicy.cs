using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// Which keys and digests a sender's signature may use: RSA of at least 2048 bits (PKCS#1 v1.5 or PSS),
/// ECDSA on P-256 or P-384, and digests SHA-256, SHA-384 or SHA-512. Everything else is refused with
/// <see cref="SignatureFailure.WeakAlgorithm"/> and a message that names what was found, so the sender
/// knows what to change. The list is closed on purpose: an algorithm nobody asked for is refused, not
/// guessed at.
/// </summary>
public static class AlgorithmPolicy
{
    public const int MinimumRsaKeyBits = 2048;

    private const string AcceptedDigests = "use SHA-256, SHA-384 or SHA-512";
    private const string AcceptedCurves = "use P-256 or P-384";

    /// <summary>The hash named by a digest algorithm OID, if the policy accepts it; otherwise refuses.</summary>
    public static HashAlgorithmName CheckDigest(string oid) => oid switch
    {
        CmsOids.Sha256 => HashAlgorithmName.SHA256,
        CmsOids.Sha384 => HashAlgorithmName.SHA384,
        CmsOids.Sha512 => HashAlgorithmName.SHA512,
        // Broken or too short for a signature that must hold for years.
        CmsOids.Md5 or CmsOids.Sha1 or CmsOids.Sha224 or "1.2.840.113549.2.2" =>
            throw Weak($"digest {CmsOids.Describe(oid)} is refused; use SHA-256 or stronger"),
        _ => throw Weak($"digest {CmsOids.Describe(oid)} is not accepted; {AcceptedDigests}"),
    };

    /// <summary>Refuses a signer key the policy does not accept (RSA under 2048 bits, other curves, other algorithms).</summary>
    public static void CheckPublicKey(PublicKey key) => _ = Classify(key);

    /// <summary>
    /// The family of an accepted key, read from the certificate's SubjectPublicKeyInfo without creating
    /// a key object (cheap, and it refuses a key before any cryptographic library sees it).
    /// </summary>
    internal static KeyFamily Classify(PublicKey key)
    {
        switch (key.Oid.Value)
        {
            case CmsOids.EcPublicKey:
                var curve = key.EncodedParameters is { } parameters ? ReadNamedCurve(parameters.RawData) : null;
                if (curve is CmsOids.CurveP256 or CmsOids.CurveP384)
                    return KeyFamily.Ecdsa;
                throw Weak(curve is null
                    ? $"an ECDSA key with explicit curve parameters is not accepted; {AcceptedCurves}"
                    : $"curve {CmsOids.Describe(curve)} is not accepted; {AcceptedCurves}");
            case CmsOids.RsaEncryption:
                var bits = RsaModulusBits(key.EncodedKeyValue.RawData);
                if (bits >= MinimumRsaKeyBits)
                    return KeyFamily.Rsa;
                throw Weak($"RSA key of {bits} bits; at least {MinimumRsaKeyBits} are required");
            default:
                throw Weak($"key algorithm {CmsOids.Describe(key.Oid.Value ?? "?")} is not accepted; " +
                    $"use RSA of at least {MinimumRsaKeyBits} bits or ECDSA on P-256 or P-384");
        }
    }

    /// <summary>The named curve OID of EC parameters, or null for explicit (specified) curve parameters.</summary>
    private static string? ReadNamedCurve(byte[] parameters)
    {
        try
        {
            var reader = new AsnReader(parameters, AsnEncodingRules.DER);
            if (reader.PeekTag() != Asn1Tag.ObjectIdentifier)
                return null;
            var oid = reader.ReadObjectIdentifier();
            reader.ThrowIfNotEmpty();
            return oid;
        }
        catch (AsnContentException ex)
        {
            throw new SignatureException(SignatureFailure.Malformed, $"the signer's ECDSA key parameters cannot be read: {ex.Message}");
        }
    }

    /// <summary>Bit length of the modulus of an RSAPublicKey (RFC 8017 A.1.1).</summary>
    private static int RsaModulusBits(byte[] rsaPublicKey)
    {
        try
        {
            var sequence = new AsnReader(rsaPublicKey, AsnEncodingRules.DER).ReadSequence();
            var modulus = sequence.ReadIntegerBytes().Span;
            while (modulus.Length > 0 && modulus[0] == 0)
                modulus = modulus[1..];
            return modulus.IsEmpty ? 0 : ((modulus.Length - 1) * 8) + (32 - int.LeadingZeroCount(modulus[0]));
        }
        catch (AsnContentException ex)
        {
            throw new SignatureException(SignatureFailure.Malformed, $"the signer's RSA key cannot be read: {ex.Message}");
        }
    }

    internal static SignatureException Weak(string reason) => new(SignatureFailure.WeakAlgorithm, reason);
}
