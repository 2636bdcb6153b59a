using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gateway.Store.Events;

namespace Gateway.Tests.Store;

/// <summary>
/// The event chain's hash is a stored format: every existing store's chain is verified with it, so it
/// must stay byte for byte what it was. The expected value is rebuilt here field by field, as the
/// format is documented (previous hash, four big-endian 64-bit numbers, four length-prefixed UTF-8 strings).
/// </summary>
public sealed class EventChainTests
{
    private static byte[] Expected(byte[] previous, DocumentEvent e)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        var number = new byte[8];
        foreach (var value in new long[] { e.DocumentSeq, e.At, e.Attempt, e.Status })
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

    private static readonly DocumentEvent[] Events =
    [
        new DocumentEvent(1, 1_763_900_000_000, "accepted", "000.00.00.G22", Detail: "from system 'dms-g22' for 2 recipients"),
        new DocumentEvent(42, 0, "queued", "000.00.00.H41", "0192f7e4-7c1a-7b3e-9d2f-3c4b5a697887", 3, 1),
        new DocumentEvent(long.MaxValue, -1, "status", "000.00.04.G14", Status: 16, Detail: "Đã tiếp nhận văn bản; chuyển Phòng Hành chính – Tổng hợp xử lý"),
        // Longer than the stack buffer: the pooled path.
        new DocumentEvent(7, 7, "dead_lettered", "000.00.00.H41", "id", 20, Detail: string.Concat(Enumerable.Repeat("hết hạn xử lý ", 200))),
        new DocumentEvent(0, 0, ""),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Hash_IsTheDocumentedLayout(int which)
    {
        var e = Events[which];
        var previous = SHA256.HashData("previous"u8);

        Assert.Equal(Expected(previous, e), EventChain.Hash(previous, e));
        Assert.Equal(Expected(EventChain.Genesis, e), EventChain.Hash(EventChain.Genesis, e));
    }
}
