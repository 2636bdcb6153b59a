using System.Security.Cryptography;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// A Merkle tree over one batch of leaves, hashed as RFC 6962 §2.1 defines (SHA-256, split at the largest
/// power of two smaller than n). Built once per batch, bottom-up: a level's last node without a sibling
/// moves up unchanged, which gives exactly the RFC's tree, and every node of every level is kept in one
/// array so that all audit paths are read from it without hashing again.
/// </summary>
public sealed class MerkleTree
{
    /// <summary>Audit paths are at most this long: uint32 leaf counts make at most 32 levels above the leaves.</summary>
    public const int MaxAuditPathLength = 32;

    /// <summary>Most leaves one tree takes: the nodes of all levels (under 2n hashes) stay one array.</summary>
    public const int MaxLeafCount = 1 << 24;

    // Node j of level l is the 32 bytes at (_levelStart[l] + j) * 32. Level 0 holds the leaf hashes,
    // the last level the root alone.
    private readonly byte[] _nodes;
    private readonly int[] _levelStart;
    private readonly int[] _levelCount;

    private MerkleTree(byte[] nodes, int[] levelStart, int[] levelCount)
    {
        _nodes = nodes;
        _levelStart = levelStart;
        _levelCount = levelCount;
    }

    /// <summary>Number of leaves.</summary>
    public int LeafCount => _levelCount[0];

    /// <summary>The Merkle tree hash of the batch (RFC 6962 MTH).</summary>
    public ReadOnlySpan<byte> Root => Node(_levelCount.Length - 1, 0);

    /// <summary>Hashes <paramref name="leaves"/> (in order) and every interior node. A batch has at least one leaf.</summary>
    public static MerkleTree Build(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0)
            throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        if (leaves.Count > MaxLeafCount)
            throw new ArgumentException($"{leaves.Count} leaves; one tree takes at most {MaxLeafCount}", nameof(leaves));

        var levels = 1;
        for (var count = leaves.Count; count > 1; count = (count + 1) / 2)
            levels++;
        var levelStart = new int[levels];
        var levelCount = new int[levels];
        var total = 0;
        for (int level = 0, count = leaves.Count; level < levels; level++, count = (count + 1) / 2)
        {
            levelStart[level] = total;
            levelCount[level] = count;
            total += count;
        }

        var nodes = GC.AllocateUninitializedArray<byte>(total * MerkleHash.Size);
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            for (var i = 0; i < leaves.Count; i++)
                MerkleHash.Leaf(hash, leaves[i], nodes.AsSpan(i * MerkleHash.Size, MerkleHash.Size));
        }

        var tree = new MerkleTree(nodes, levelStart, levelCount);
        for (var level = 1; level < levels; level++)
        {
            var below = levelCount[level - 1];
            for (var j = 0; j < levelCount[level]; j++)
            {
                var target = tree.NodeSpan(level, j);
                if ((2 * j) + 1 < below)
                    MerkleHash.Node(tree.Node(level - 1, 2 * j), tree.Node(level - 1, (2 * j) + 1), target);
                else
                    tree.Node(level - 1, 2 * j).CopyTo(target);
            }
        }

        return tree;
    }

    /// <summary>The hash of leaf <paramref name="index"/> (RFC 6962 leaf hash).</summary>
    public ReadOnlySpan<byte> LeafHash(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LeafCount);
        return Node(0, index);
    }

    /// <summary>
    /// Writes the audit path of leaf <paramref name="index"/> (RFC 6962 §2.1.1 PATH(m, D[n])) into
    /// <paramref name="destination"/>: the sibling hashes from the leaf up, 32 bytes each, concatenated.
    /// Returns how many hashes were written; a destination of <see cref="MaxAuditPathLength"/> hashes always fits.
    /// </summary>
    public int CopyAuditPath(int index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, LeafCount);
        var written = 0;
        for (var level = 0; level < _levelCount.Length - 1; level++, index >>= 1)
        {
            var sibling = index ^ 1;
            // The last node of a level without a sibling was moved up as it was: nothing to prove there.
            if (sibling >= _levelCount[level])
                continue;
            Node(level, sibling).CopyTo(destination.Slice(written * MerkleHash.Size, MerkleHash.Size));
            written++;
        }

        return written;
    }

    /// <summary>The audit path of leaf <paramref name="index"/> as separate hashes, leaf level first.</summary>
    public byte[][] GetAuditPath(int index)
    {
        Span<byte> buffer = stackalloc byte[MaxAuditPathLength * MerkleHash.Size];
        var count = CopyAuditPath(index, buffer);
        var path = new byte[count][];
        for (var i = 0; i < count; i++)
            path[i] = buffer.Slice(i * MerkleHash.Size, MerkleHash.Size).ToArray();
        return path;
    }

    private ReadOnlySpan<byte> Node(int level, int index) => NodeSpan(level, index);

    private Span<byte> NodeSpan(int level, int index) =>
        _nodes.AsSpan((_levelStart[level] + index) * MerkleHash.Size, MerkleHash.Size);
}
