using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;

namespace Gateway.Crypto.Tests.Envelopes;

/// <summary>Looks inside envelopes the way a third party would: strict DER walking, .NET's EnvelopedCms, byte surgery.</summary>
internal static class EnvelopeBytes
{
    /// <summary>Walks every TLV with DER rules (definite, minimal lengths) and fails on anything else or trailing bytes.</summary>
    public static void AssertDer(ReadOnlySpan<byte> bytes)
    {
        var reader = new AsnReader(bytes.ToArray(), AsnEncodingRules.DER);
        Walk(reader);
        Assert.False(reader.HasData, "bytes follow the ContentInfo");
    }

    /// <summary>The envelope decoded by .NET (another implementation than the one that wrote it).</summary>
    public static EnvelopedCms Decode(byte[] envelope)
    {
        var cms = new EnvelopedCms();
        cms.Decode(envelope);
        return cms;
    }

    /// <summary>A copy with byte <paramref name="index"/> (negative: from the end) XORed with 0xFF.</summary>
    public static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index < 0 ? copy.Length + index : index] ^= 0xFF;
        return copy;
    }

    /// <summary>Where <paramref name="part"/> first occurs in <paramref name="bytes"/>.</summary>
    public static int IndexOf(byte[] bytes, ReadOnlySpan<byte> part)
    {
        var at = bytes.AsSpan().IndexOf(part);
        Assert.True(at >= 0, "the part is not in the envelope");
        return at;
    }

    private static void Walk(AsnReader reader)
    {
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.IsConstructed)
            {
                Walk(tag.TagClass == TagClass.Universal && tag.TagValue == (int)UniversalTagNumber.Set
                    ? reader.ReadSetOf(tag)
                    : reader.ReadSequence(tag));
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }
    }
}
