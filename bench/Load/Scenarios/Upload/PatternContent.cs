using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// A large payload that is never held whole: byte <c>i</c> is a pure function of the seed and
/// <c>i</c> (SplitMix64 of the 8-byte word index), so any chunk can be made again from its offset,
/// by the sender for its SHA-256 and again for the upload. Pseudo-random, so neither the transport nor
/// the disk can compress it, and fast enough (several GB/s) not to slow the sender down.
/// </summary>
internal sealed class PatternContent(long size, ulong seed)
{
    public long Size => size;

    /// <summary>Fills <paramref name="buffer"/> with the bytes at <paramref name="offset"/> (a multiple of 8).</summary>
    public void Fill(long offset, Span<byte> buffer)
    {
        if (offset % sizeof(ulong) != 0)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "chunks start at multiples of 8 bytes");
        var word = (ulong)(offset / sizeof(ulong));
        var whole = buffer.Length - buffer.Length % sizeof(ulong);
        for (var at = 0; at < whole; at += sizeof(ulong), word++)
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[at..], Word(word));
        if (whole < buffer.Length)
        {
            Span<byte> last = stackalloc byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(last, Word(word));
            last[..(buffer.Length - whole)].CopyTo(buffer[whole..]);
        }
    }

    /// <summary>The SHA-256 of the whole content, made chunk by chunk (one chunk in memory).</summary>
    public byte[] Sha256(int chunkBytes, Action<long> progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[chunkBytes];
        for (long offset = 0; offset < size; offset += chunkBytes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = buffer.AsSpan(0, (int)Math.Min(chunkBytes, size - offset));
            Fill(offset, chunk);
            hash.AppendData(chunk);
            if ((offset / chunkBytes) % 64 == 0)
                progress(offset);
        }

        return hash.GetHashAndReset();
    }

    private ulong Word(ulong index)
    {
        // SplitMix64 (Steele, Lea, Flood 2014): a bijective mix of seed + index × the golden gamma.
        var z = seed + (index + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
