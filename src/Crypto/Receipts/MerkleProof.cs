namespace Gateway.Crypto.Receipts;

/// <summary>
/// Verification of an inclusion proof as RFC 9162 §2.1.3.2 specifies it. It needs only the leaf hash,
/// its index, the tree size, the audit path and the root, so a receipt can be checked without the batch.
/// </summary>
public static class MerkleProof
{
    /// <summary>
    /// True when <paramref name="auditPath"/> (concatenated 32-byte hashes, leaf level first) proves that
    /// <paramref name="leafHash"/> is leaf <paramref name="leafIndex"/> of a tree of
    /// <paramref name="treeSize"/> leaves whose root is <paramref name="root"/>. Otherwise
    /// <paramref name="problem"/> says which step failed.
    /// </summary>
    public static bool VerifyInclusion(
        ReadOnlySpan<byte> leafHash,
        ulong leafIndex,
        ulong treeSize,
        ReadOnlySpan<byte> auditPath,
        ReadOnlySpan<byte> root,
        out string? problem)
    {
        problem = Check(leafHash, leafIndex, treeSize, auditPath, root);
        return problem is null;
    }

    private static string? Check(ReadOnlySpan<byte> leafHash, ulong leafIndex, ulong treeSize, ReadOnlySpan<byte> auditPath, ReadOnlySpan<byte> root)
    {
        if (leafHash.Length != MerkleHash.Size)
            return $"the leaf hash is {leafHash.Length} bytes, not {MerkleHash.Size}";
        if (root.Length != MerkleHash.Size)
            return $"the root is {root.Length} bytes, not {MerkleHash.Size}";
        if (auditPath.Length % MerkleHash.Size != 0)
            return $"the audit path is {auditPath.Length} bytes, not a whole number of {MerkleHash.Size}-byte hashes";

        // Step 1.
        if (leafIndex >= treeSize)
            return $"leaf index {leafIndex} is outside a tree of {treeSize} leaves";

        // Steps 2 and 3.
        var fn = leafIndex;
        var sn = treeSize - 1;
        Span<byte> r = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(r);

        // Step 4.
        var count = auditPath.Length / MerkleHash.Size;
        for (var i = 0; i < count; i++)
        {
            var p = auditPath.Slice(i * MerkleHash.Size, MerkleHash.Size);
            if (sn == 0)
                return $"the audit path has {count} hashes; leaf {leafIndex} of a tree of {treeSize} needs {i}";
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 5.
        if (sn != 0)
            return $"the audit path has {count} hashes, too few for leaf {leafIndex} of a tree of {treeSize}";
        if (!r.SequenceEqual(root))
            return $"the leaf and audit path lead to root {Convert.ToHexStringLower(r)}, not {Convert.ToHexStringLower(root)}";
        return null;
    }
}
