using System.Security.Cryptography;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// The two hashes of RFC 6962 §2.1 with SHA-256. The prefixes (0x00 for a leaf, 0x01 for an interior
/// node) keep a leaf from ever being passed off as a node, which is what makes second preimages fail.
/// </summary>
public static class MerkleHash
{
    /// <summary>Size of every hash in the tree.</summary>
    public const int Size = 32;

    /// <summary>SHA-256(0x00 ‖ leaf) into <paramref name="destination"/>.</summary>
    public static void Leaf(ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Leaf(hash, leaf, destination);
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right) into <paramref name="destination"/>, which may overlap either input.</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + Size + Size];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        SHA256.HashData(input, destination);
    }

    /// <summary>The leaf hash with a caller's hasher, so hashing a whole batch reuses one.</summary>
    internal static void Leaf(IncrementalHash hash, ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        ReadOnlySpan<byte> prefix = [0x00];
        hash.AppendData(prefix);
        hash.AppendData(leaf);
        hash.GetHashAndReset(destination);
    }
}
