using System.Buffers.Binary;
using System.Text;

namespace Gateway.Store.Events;

/// <summary>
/// The canonical bytes of an audit checkpoint, which the gateway signs with its receipt key:
/// <c>"axis.v1.checkpoint"</c> (18 ASCII bytes) ‖ version 0x01 ‖ store id (16 bytes, RFC 9562 order)
/// ‖ event seq (int64 BE) ‖ event count (int64 BE) ‖ chain hash (32 bytes) ‖ time (int64 BE Unix ms).
/// The store id binds a checkpoint to its store, so one cannot be copied into another.
/// </summary>
internal static class CheckpointStatement
{
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("axis.v1.checkpoint");

    public static byte[] Bytes(Guid storeId, long eventSeq, long eventCount, byte[] hash, long at)
    {
        var bytes = new byte[Label.Length + 1 + 16 + 8 + 8 + hash.Length + 8];
        var span = bytes.AsSpan();
        Label.CopyTo(span);
        var offset = Label.Length;
        span[offset++] = 0x01;
        storeId.TryWriteBytes(span.Slice(offset, 16), bigEndian: true, out _);
        offset += 16;
        BinaryPrimitives.WriteInt64BigEndian(span[offset..], eventSeq);
        offset += 8;
        BinaryPrimitives.WriteInt64BigEndian(span[offset..], eventCount);
        offset += 8;
        hash.CopyTo(span[offset..]);
        offset += hash.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[offset..], at);
        return bytes;
    }
}
