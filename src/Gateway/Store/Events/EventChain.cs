using System.Buffers;
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
        // previous ‖ four big-endian numbers ‖ four length-prefixed UTF-8 strings, hashed in one call:
        // laid out in one buffer instead of a hash object and an array per string for every event.
        var length = previous.Length + 4 * sizeof(long);
        foreach (var text in (ReadOnlySpan<string>)[e.Kind, e.Org, e.DeliveryId, e.Detail])
            length += sizeof(long) + Encoding.UTF8.GetByteCount(text);
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            previous.CopyTo(buffer);
            var at = previous.Length;
            foreach (var value in (ReadOnlySpan<long>)[e.DocumentSeq, e.At, e.Attempt, e.Status])
            {
                BinaryPrimitives.WriteInt64BigEndian(buffer[at..], value);
                at += sizeof(long);
            }

            foreach (var text in (ReadOnlySpan<string>)[e.Kind, e.Org, e.DeliveryId, e.Detail])
            {
                var written = Encoding.UTF8.GetBytes(text, buffer[(at + sizeof(long))..]);
                BinaryPrimitives.WriteInt64BigEndian(buffer[at..], written);
                at += sizeof(long) + written;
            }

            return SHA256.HashData(buffer);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
