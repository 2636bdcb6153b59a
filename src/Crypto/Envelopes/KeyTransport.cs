using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// KeyTransRecipientInfo (RFC 5652 §6.2.1) for an RSA certificate: the content key encrypted with
/// RSAES-OAEP, SHA-256 and MGF1-SHA-256 (RFC 4055), never PKCS#1 v1.5, whose padding invites oracle
/// attacks.
/// </summary>
internal static class KeyTransport
{
    public static void Write(AsnWriter writer, X509Certificate2 certificate, RSA key, byte[] contentKey)
    {
        var encryptedKey = key.Encrypt(contentKey, RSAEncryptionPadding.OaepSHA256);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0); // version 0: the recipient is named by issuer and serial number
            IssuerSerial.Write(writer, certificate);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(EnvelopeOids.RsaesOaep);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                        WriteSha256(writer);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1)))
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(EnvelopeOids.Mgf1);
                            WriteSha256(writer);
                        }
                    }
                }
            }

            writer.WriteOctetString(encryptedKey);
        }
    }

    private static void WriteSha256(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(EnvelopeOids.Sha256);
            writer.WriteNull();
        }
    }
}
