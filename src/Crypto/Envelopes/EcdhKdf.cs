using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// The key-encryption key of ECDH key agreement in CMS (RFC 5753 §7.2): the ANSI X9.63 KDF over the
/// shared secret Z and the DER ECC-CMS-SharedInfo:
/// <code>
/// ECC-CMS-SharedInfo ::= SEQUENCE {
///   keyInfo         AlgorithmIdentifier,             -- the key wrap algorithm, as in the message
///   entityUInfo [0] EXPLICIT OCTET STRING OPTIONAL,  -- the ukm
///   suppPubInfo [2] EXPLICIT OCTET STRING }          -- the key-encryption key's length in bits, 4 bytes
/// </code>
/// </summary>
/// <remarks>
/// Written here rather than taken from BouncyCastle's CMS classes: BouncyCastle C# puts NULL parameters
/// in keyInfo where RFC 5753 says the AES wrap algorithms have none, so its key agreement envelopes
/// and OpenSSL's open only for themselves.
/// </remarks>
internal static class EcdhKdf
{
    public static byte[] SharedInfo(ReadOnlySpan<byte> keyInfo, byte[]? ukm, int keyBytes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(keyInfo);
            if (ukm is not null)
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                    writer.WriteOctetString(ukm);
            }

            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2)))
            {
                Span<byte> bits = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(bits, keyBytes * 8);
                writer.WriteOctetString(bits);
            }
        }

        return writer.Encode();
    }

    /// <summary>X9.63 KDF: Hash(Z ‖ counter ‖ SharedInfo) for counter = 1, 2, … (32 bits, big-endian), concatenated and cut to <paramref name="keyBytes"/>.</summary>
    public static byte[] Derive(HashAlgorithmName hash, ReadOnlySpan<byte> z, ReadOnlySpan<byte> sharedInfo, int keyBytes)
    {
        using var digest = IncrementalHash.CreateHash(hash);
        var key = new byte[keyBytes];
        Span<byte> counter = stackalloc byte[4];
        for (int written = 0, i = 1; written < keyBytes; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(counter, i);
            digest.AppendData(z);
            digest.AppendData(counter);
            digest.AppendData(sharedInfo);
            var block = digest.GetHashAndReset();
            var take = Math.Min(block.Length, keyBytes - written);
            block.AsSpan(0, take).CopyTo(key.AsSpan(written));
            CryptographicOperations.ZeroMemory(block);
            written += take;
        }

        return key;
    }
}
