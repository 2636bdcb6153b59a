using System.Formats.Asn1;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// The DER bytes of an envelope up to its encrypted content, with every length definite. AES-CBC with
/// PKCS#7 padding turns n bytes into exactly (n / 16 + 1) × 16, so the lengths are known before a byte
/// is encrypted and the ciphertext can follow as it streams:
/// <code>
/// ContentInfo SEQUENCE {
///   contentType envelopedData,
///   [0] EXPLICIT EnvelopedData SEQUENCE {
///     version, recipientInfos SET,
///     EncryptedContentInfo SEQUENCE {
///       contentType data, AlgorithmIdentifier { aes256-CBC, IV },
///       [0] IMPLICIT OCTET STRING (primitive)   -- the ciphertext, after this prefix
/// </code>
/// </summary>
internal static class EnvelopeLayout
{
    public const int BlockBytes = 16;

    public static long CiphertextLength(long plaintextLength) => checked(((plaintextLength / BlockBytes) + 1) * BlockBytes);

    public static byte[] Prefix(int version, byte[] recipientInfos, string contentAlgorithm, byte[] iv, long ciphertextLength)
    {
        var versionDer = Encode(w => w.WriteInteger(version));
        var dataType = Encode(w => w.WriteObjectIdentifier(EnvelopeOids.Data));
        var algorithm = Encode(w =>
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(contentAlgorithm);
                w.WriteOctetString(iv);
            }
        });
        var contentHeader = Header(0x80, ciphertextLength); // [0] IMPLICIT, primitive
        var encryptedContentInfo = Header(0x30, dataType.Length + algorithm.Length + contentHeader.Length + ciphertextLength);
        var envelopedLength = versionDer.Length + recipientInfos.Length + encryptedContentInfo.Length + dataType.Length + algorithm.Length + contentHeader.Length + ciphertextLength;
        var enveloped = Header(0x30, envelopedLength);
        var explicitTag = Header(0xA0, enveloped.Length + envelopedLength); // [0] EXPLICIT, constructed
        var envelopedType = Encode(w => w.WriteObjectIdentifier(EnvelopeOids.EnvelopedData));
        var contentInfo = Header(0x30, envelopedType.Length + explicitTag.Length + enveloped.Length + envelopedLength);
        return [.. contentInfo, .. envelopedType, .. explicitTag, .. enveloped, .. versionDer, .. recipientInfos,
            .. encryptedContentInfo, .. dataType, .. algorithm, .. contentHeader];
    }

    /// <summary>A DER identifier octet and definite length: short form under 128, else the fewest length octets.</summary>
    private static byte[] Header(byte tag, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length < 0x80)
            return [tag, (byte)length];
        var octets = 0;
        for (var rest = length; rest > 0; rest >>= 8)
            octets++;
        var header = new byte[2 + octets];
        header[0] = tag;
        header[1] = (byte)(0x80 | octets);
        for (var i = 0; i < octets; i++)
            header[^(i + 1)] = (byte)(length >> (8 * i));
        return header;
    }

    private static byte[] Encode(Action<AsnWriter> write)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        write(writer);
        return writer.Encode();
    }
}
