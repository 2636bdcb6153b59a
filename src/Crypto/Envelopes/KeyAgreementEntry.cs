using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// One recipient encrypted key of a KeyAgreeRecipientInfo, ECDH ephemeral-static (RFC 5753): the
/// shared secret of the recipient's private key and the originator's ephemeral public key, through
/// the X9.63 KDF (<see cref="EcdhKdf"/>), unwraps the content key with AES key wrap.
/// </summary>
internal sealed class KeyAgreementEntry(KeyAgreeRecipientInfo info, RecipientEncryptedKey key) : RecipientEntry
{
    private readonly RecipientId _id = key.Identifier.IssuerAndSerialNumber is { } issuerSerial
        ? RecipientId.Of(issuerSerial)
        : RecipientId.Of(key.Identifier.RKeyID.SubjectKeyIdentifier);

    public override bool Names(X509Certificate2 certificate) => _id.Names(certificate);

    public override byte[] OpenContentKey(X509Certificate2 certificate)
    {
        var scheme = info.KeyEncryptionAlgorithm.Algorithm.Id;
        var hash = EnvelopeOids.EcdhKdfHash(scheme)
            ?? throw Unsupported($"the content key is agreed with {scheme}; only ephemeral-static ECDH with a SHA-1/256/384/512 KDF (RFC 5753) is decrypted here");
        var wrap = AlgorithmIdentifier.GetInstance(info.KeyEncryptionAlgorithm.Parameters);
        var kekBytes = EnvelopeOids.AesWrapKeyBytes(wrap.Algorithm.Id);
        if (kekBytes == 0)
            throw Unsupported($"the content key is wrapped with {wrap.Algorithm.Id}; only AES key wrap is decrypted here");
        var originator = info.Originator.OriginatorKey
            ?? throw Unsupported("the sender's key is named by a certificate (static-static ECDH); only an ephemeral originator key (RFC 5753) is decrypted here");

        using var mine = PrivateKeyOf(certificate)
            ?? throw WrongKey(certificate, "the content key is agreed with an EC key, and the certificate's key is not one");
        var curve = mine.ExportParameters(false).Curve;
        using var theirs = PeerKey(originator, curve);
        var z = mine.DeriveRawSecretAgreement(theirs.PublicKey);
        try
        {
            var ukm = info.UserKeyingMaterial?.GetOctets();
            var wrapped = key.EncryptedKey.GetOctets();
            foreach (var keyInfo in KeyInfoEncodings(wrap))
            {
                var kek = EcdhKdf.Derive(hash, z, EcdhKdf.SharedInfo(keyInfo, ukm, kekBytes), kekBytes);
                var contentKey = AesKeyWrap.TryUnwrap(kek, wrapped);
                CryptographicOperations.ZeroMemory(kek);
                if (contentKey is not null)
                    return contentKey;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }

        throw WrongKey(certificate, "the AES key wrap integrity check failed");
    }

    public override string ToString() => _id.ToString();

    /// <summary>
    /// The key wrap algorithm as the message encodes it, which is what RFC 5753 and OpenSSL derive with;
    /// then with its parameters the other way (absent or NULL), which is how BouncyCastle C# derives. The
    /// key wrap's integrity check tells which was meant, so trying both opens either sender's envelope.
    /// </summary>
    private static IEnumerable<byte[]> KeyInfoEncodings(AlgorithmIdentifier wrap)
    {
        yield return wrap.GetEncoded(Asn1Encodable.Der);
        yield return (wrap.Parameters is null ? new AlgorithmIdentifier(wrap.Algorithm, DerNull.Instance) : new AlgorithmIdentifier(wrap.Algorithm))
            .GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>
    /// The certificate's EC private key for ECDH. .NET hands out ECDH only when the key usage allows
    /// keyAgreement and ECDSA only when it allows signing, so either is taken and turned into ECDH.
    /// </summary>
    private static ECDiffieHellman? PrivateKeyOf(X509Certificate2 certificate)
    {
        if (certificate.GetECDiffieHellmanPrivateKey() is { } ecdh)
            return ecdh;
        using var ecdsa = certificate.GetECDsaPrivateKey();
        return ecdsa is null ? null : ECDiffieHellman.Create(ecdsa.ExportParameters(includePrivateParameters: true));
    }

    /// <summary>The originator's ephemeral point on the recipient's curve; a point that is not on it means a damaged envelope.</summary>
    private static ECDiffieHellman PeerKey(OriginatorPublicKey originator, ECCurve curve)
    {
        try
        {
            var domain = ECNamedCurveTable.GetByOid(new DerObjectIdentifier(curve.Oid.Value))
                ?? throw new ArgumentException($"curve {curve.Oid.Value} is not known");
            var point = domain.Curve.DecodePoint(originator.PublicKey.GetOctets()).Normalize();
            return ECDiffieHellman.Create(new ECParameters
            {
                Curve = curve,
                Q = new ECPoint { X = point.AffineXCoord.GetEncoded(), Y = point.AffineYCoord.GetEncoded() },
            });
        }
        catch (Exception ex) when (EnvelopeErrors.IsParseFailure(ex))
        {
            throw new EnvelopeException(EnvelopeFailure.Corrupt, $"the sender's ephemeral key is not a point on curve {curve.Oid.Value}: {ex.Message}", ex);
        }
    }
}
