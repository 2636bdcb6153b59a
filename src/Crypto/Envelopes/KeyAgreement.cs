using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// KeyAgreeRecipientInfo (RFC 5652 §6.2.2) for an EC certificate, ECDH ephemeral-static as RFC 5753
/// describes it: a fresh key pair on the recipient's curve for this recipient alone, its public point
/// sent as the originator key; the shared secret through the X9.63 KDF (<see cref="EcdhKdf"/>) with
/// SHA-256 on P-256 and SHA-384 on P-384; the content key wrapped with AES-256 key wrap.
/// </summary>
internal static class KeyAgreement
{
    private const int KeyEncryptionKeyBytes = 32;

    public static void Write(AsnWriter writer, X509Certificate2 certificate, ECDiffieHellman recipientKey, byte[] contentKey)
    {
        var curve = recipientKey.ExportParameters(false).Curve;
        var scheme = curve.Oid.Value == EnvelopeOids.P384 ? EnvelopeOids.EcdhSha384Kdf : EnvelopeOids.EcdhSha256Kdf;
        var keyInfo = WrapAlgorithm();

        using var ephemeral = ECDiffieHellman.Create(curve);
        var z = ephemeral.DeriveRawSecretAgreement(recipientKey.PublicKey);
        var kek = EcdhKdf.Derive(EnvelopeOids.EcdhKdfHash(scheme)!.Value, z, EcdhKdf.SharedInfo(keyInfo, null, KeyEncryptionKeyBytes), KeyEncryptionKeyBytes);
        var wrapped = AesKeyWrap.Wrap(kek, contentKey);
        CryptographicOperations.ZeroMemory(z);
        CryptographicOperations.ZeroMemory(kek);
        var point = ephemeral.ExportParameters(false).Q;

        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1))) // RecipientInfo: kari [1]
        {
            writer.WriteInteger(3);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0))) // originator [0] EXPLICIT
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1))) // originatorKey [1]
                {
                    using (writer.PushSequence())
                        writer.WriteObjectIdentifier(EnvelopeOids.EcPublicKey); // no parameters: the recipient's curve (RFC 5753 §3.1.1)
                    writer.WriteBitString([0x04, .. point.X!, .. point.Y!]);
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(scheme);
                writer.WriteEncodedValue(keyInfo);
            }

            using (writer.PushSequence()) // recipientEncryptedKeys: this one recipient
            {
                using (writer.PushSequence())
                {
                    IssuerSerial.Write(writer, certificate);
                    writer.WriteOctetString(wrapped);
                }
            }
        }
    }

    /// <summary>id-aes256-wrap with its parameters absent, as RFC 3565 §2.3.2 requires.</summary>
    private static byte[] WrapAlgorithm()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
            writer.WriteObjectIdentifier(EnvelopeOids.Aes256Wrap);
        return writer.Encode();
    }
}
