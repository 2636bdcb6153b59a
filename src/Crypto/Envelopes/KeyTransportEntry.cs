using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using RsaesOaepParameters = Org.BouncyCastle.Asn1.Pkcs.RsaesOaepParameters;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// A KeyTransRecipientInfo: the content key encrypted to an RSA key, with RSAES-OAEP (what this code
/// writes) or PKCS#1 v1.5 (OpenSSL's default), decrypted by .NET's RSA.
/// </summary>
internal sealed class KeyTransportEntry(KeyTransRecipientInfo info) : RecipientEntry
{
    private readonly RecipientId _id = info.RecipientIdentifier.IsTagged
        ? RecipientId.Of(Asn1OctetString.GetInstance(info.RecipientIdentifier.ID))
        : RecipientId.Of(IssuerAndSerialNumber.GetInstance(info.RecipientIdentifier.ID));

    public override bool Names(X509Certificate2 certificate) => _id.Names(certificate);

    public override byte[] OpenContentKey(X509Certificate2 certificate)
    {
        var padding = PaddingOf(info.KeyEncryptionAlgorithm);
        using var key = certificate.GetRSAPrivateKey()
            ?? throw WrongKey(certificate, "the content key is encrypted to an RSA key, and the certificate's key is not one");
        try
        {
            return key.Decrypt(info.EncryptedKey.GetOctets(), padding);
        }
        catch (CryptographicException ex)
        {
            throw WrongKey(certificate, ex.Message.TrimEnd('.'), ex);
        }
    }

    public override string ToString() => _id.ToString();

    /// <summary>
    /// PKCS#1 v1.5, or OAEP whose mask generation is MGF1 over the same hash and whose label is empty:
    /// the OAEP variants .NET decrypts.
    /// </summary>
    private static RSAEncryptionPadding PaddingOf(AlgorithmIdentifier algorithm)
    {
        var oid = algorithm.Algorithm.Id;
        if (oid == EnvelopeOids.RsaEncryption)
            return RSAEncryptionPadding.Pkcs1;
        if (oid != EnvelopeOids.RsaesOaep)
            throw Unsupported($"the content key is encrypted with {oid}; only RSA (OAEP or PKCS#1 v1.5) and ECDH are decrypted here");

        var parameters = RsaesOaepParameters.GetInstance(algorithm.Parameters ?? new DerSequence());
        var hash = parameters.HashAlgorithm.Algorithm.Id;
        var mask = parameters.MaskGenAlgorithm;
        var maskHash = mask.Algorithm.Id == EnvelopeOids.Mgf1 ? AlgorithmIdentifier.GetInstance(mask.Parameters).Algorithm.Id : null;
        var label = parameters.PSourceAlgorithm;
        var emptyLabel = label.Algorithm.Id == EnvelopeOids.PSpecified && Asn1OctetString.GetInstance(label.Parameters).GetOctets().Length == 0;
        if (EnvelopeOids.Hash(hash) is not { } name || maskHash != hash || !emptyLabel)
            throw Unsupported($"the content key is encrypted with RSA-OAEP over {hash}, mask {maskHash ?? mask.Algorithm.Id}; this code takes OAEP with SHA-1, -256, -384 or -512, MGF1 over the same hash and no label");
        return RSAEncryptionPadding.CreateOaep(name);
    }
}
