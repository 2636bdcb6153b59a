using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Store.Events;

/// <summary>
/// The hash of an event: SHA-256 over the previous event's hash and the event's fields, each field
/// length-prefixed so that no two different events encode alike. The first event's predecessor is
/// 32 zero bytes.
/// </summary>
internal static class EventChain
{
    public static readonly byte[] Genesis = new byte[SHA256.HashSizeInBytes];

    public static byte[] Hash(ReadOnlySpan<byte> previous, in DocumentEvent e)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        Span<byte> number = stackalloc byte[8];
        foreach (var value in new[] { e.DocumentSeq, e.At, e.Attempt, (long)e.Status })
        {
            BinaryPrimitives.WriteInt64BigEndian(number, value);
            hash.AppendData(number);
        }

        foreach (var text in new[] { e.Kind, e.Org, e.DeliveryId, e.Detail })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }
}
