using System.Security.Cryptography;
using CsCheck;
using Gateway.Crypto.Receipts;

namespace Gateway.Crypto.Tests.Receipts;

public sealed class MerkleTreeTests
{
    private static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    private static byte[] LeafHash(byte[] leaf) => H([0x00], leaf);

    private static byte[] NodeHash(byte[] left, byte[] right) => H([0x01], left, right);

    /// <summary>RFC 6962 §2.1 MTH, written from the definition: the reference the tree is compared with.</summary>
    private static byte[] ReferenceRoot(ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length == 1)
            return LeafHash(leaves[0]);
        var k = LargestPowerOfTwoBelow(leaves.Length);
        return NodeHash(ReferenceRoot(leaves[..k]), ReferenceRoot(leaves[k..]));
    }

    /// <summary>RFC 6962 §2.1.1 PATH(m, D[n]), from the definition.</summary>
    private static List<byte[]> ReferencePath(int m, ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length == 1)
            return [];
        var k = LargestPowerOfTwoBelow(leaves.Length);
        if (m < k)
            return [.. ReferencePath(m, leaves[..k]), ReferenceRoot(leaves[k..])];
        return [.. ReferencePath(m - k, leaves[k..]), ReferenceRoot(leaves[..k])];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
            k *= 2;
        return k;
    }

    private static byte[] Concat(IEnumerable<byte[]> path) => [.. path.SelectMany(p => p)];

    private static bool Verifies(byte[] leaf, ulong index, ulong size, byte[] path, ReadOnlySpan<byte> root) =>
        MerkleProof.VerifyInclusion(LeafHash(leaf), index, size, path, root, out _);

    private static readonly Gen<byte[][]> Leaves = Gen.Byte.Array[0, 40].Array[1, 70];

    [Fact]
    public void Root_OneLeaf_IsTheLeafHash()
    {
        byte[] a = [0x61];

        var tree = MerkleTree.Build([a]);

        Assert.Equal(SHA256.HashData([0x00, 0x61]), tree.Root.ToArray());
        Assert.Empty(tree.GetAuditPath(0));
    }

    [Fact]
    public void Root_TwoLeaves_HashesBothLeafHashesUnderOne()
    {
        byte[] a = [0x61], b = [0x62];
        var ha = SHA256.HashData([0x00, 0x61]);
        var hb = SHA256.HashData([0x00, 0x62]);

        var tree = MerkleTree.Build([a, b]);

        Assert.Equal(SHA256.HashData([0x01, .. ha, .. hb]), tree.Root.ToArray());
        Assert.Equal([hb], tree.GetAuditPath(0));
        Assert.Equal([ha], tree.GetAuditPath(1));
    }

    [Fact]
    public void Root_ThreeLeaves_SplitsTwoAndOne()
    {
        byte[] a = [0x61], b = [0x62], c = [0x63];
        var (ha, hb, hc) = (SHA256.HashData([0x00, 0x61]), SHA256.HashData([0x00, 0x62]), SHA256.HashData([0x00, 0x63]));
        var hab = SHA256.HashData([0x01, .. ha, .. hb]);

        var tree = MerkleTree.Build([a, b, c]);

        // k = 2: MTH(a, b) on the left, the lone leaf c on the right, not duplicated.
        Assert.Equal(SHA256.HashData([0x01, .. hab, .. hc]), tree.Root.ToArray());
        Assert.Equal([hb, hc], tree.GetAuditPath(0));
        Assert.Equal([ha, hc], tree.GetAuditPath(1));
        Assert.Equal([hab], tree.GetAuditPath(2));
    }

    /// <summary>The roots of the certificate-transparency reference test vectors for RFC 6962.</summary>
    [Theory]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void Root_Rfc6962TestVectors_Match(int size, string root)
    {
        byte[][] inputs =
        [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
            [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
        ];

        Assert.Equal(root, Convert.ToHexStringLower(MerkleTree.Build(inputs[..size]).Root));
    }

    [Fact]
    public void Build_RootAndEveryPath_EqualTheRfc6962Definition()
    {
        Leaves.Sample(leaves =>
        {
            var tree = MerkleTree.Build(leaves);
            Assert.Equal(ReferenceRoot(leaves), tree.Root.ToArray());
            for (var m = 0; m < leaves.Length; m++)
                Assert.Equal(ReferencePath(m, leaves), tree.GetAuditPath(m));
        });
    }

    [Fact]
    public void VerifyInclusion_EveryLeafOfAnyTree_IsProven()
    {
        Leaves.Sample(leaves =>
        {
            var tree = MerkleTree.Build(leaves);
            for (var m = 0; m < leaves.Length; m++)
            {
                var ok = MerkleProof.VerifyInclusion(tree.LeafHash(m), (ulong)m, (ulong)leaves.Length, Concat(tree.GetAuditPath(m)), tree.Root, out var problem);
                Assert.True(ok, problem);
            }
        });
    }

    [Fact]
    public void VerifyInclusion_ChangedLeaf_Fails()
    {
        Gen.Select(Leaves, Gen.Int, Gen.Int[0, 40], Gen.Byte[1, 255]).Sample((leaves, pick, at, flip) =>
        {
            var m = (int)((uint)pick % (uint)leaves.Length);
            var tree = MerkleTree.Build(leaves);
            byte[] changed = leaves[m].Length == 0 ? [flip] : [.. leaves[m]];
            if (leaves[m].Length > 0)
                changed[at % changed.Length] ^= flip;

            Assert.False(Verifies(changed, (ulong)m, (ulong)leaves.Length, Concat(tree.GetAuditPath(m)), tree.Root));
        });
    }

    [Fact]
    public void VerifyInclusion_ChangedPathElement_Fails()
    {
        Gen.Select(Leaves.Where(l => l.Length > 1), Gen.Int, Gen.Int, Gen.Int[0, 31], Gen.Byte[1, 255]).Sample((leaves, pick, step, at, flip) =>
        {
            var m = (int)((uint)pick % (uint)leaves.Length);
            var tree = MerkleTree.Build(leaves);
            var path = tree.GetAuditPath(m);
            path[(int)((uint)step % (uint)path.Length)][at] ^= flip;

            Assert.False(Verifies(leaves[m], (ulong)m, (ulong)leaves.Length, Concat(path), tree.Root));
        });
    }

    [Fact]
    public void VerifyInclusion_OtherIndex_Fails()
    {
        Gen.Select(Leaves.Where(l => l.Length > 1), Gen.Int, Gen.Int[1, 1000]).Sample((leaves, pick, shift) =>
        {
            var m = (int)((uint)pick % (uint)leaves.Length);
            var tree = MerkleTree.Build(leaves);
            var other = (ulong)((m + shift) % (leaves.Length + 3));
            if (other == (ulong)m)
                other = (ulong)((m + 1) % leaves.Length);

            Assert.False(Verifies(leaves[m], other, (ulong)leaves.Length, Concat(tree.GetAuditPath(m)), tree.Root));
        });
    }

    [Fact]
    public void VerifyInclusion_PathWithAHashMoreOrLess_Fails()
    {
        Gen.Select(Leaves, Gen.Int, Gen.Bool).Sample((leaves, pick, longer) =>
        {
            var m = (int)((uint)pick % (uint)leaves.Length);
            var tree = MerkleTree.Build(leaves);
            var path = tree.GetAuditPath(m).ToList();
            if (longer)
                path.Add(new byte[32]);
            else if (path.Count > 0)
                path.RemoveAt(path.Count - 1);
            else
                return;

            Assert.False(Verifies(leaves[m], (ulong)m, (ulong)leaves.Length, Concat(path), tree.Root));
        });
    }

    [Fact]
    public void VerifyInclusion_Failures_SayWhichStepFailed()
    {
        byte[][] leaves = [[1], [2], [3], [4], [5]];
        var tree = MerkleTree.Build(leaves);
        var path = Concat(tree.GetAuditPath(4));
        var root = tree.Root.ToArray();

        Assert.False(MerkleProof.VerifyInclusion(LeafHash([5]), 5, 5, path, root, out var outside));
        Assert.Equal("leaf index 5 is outside a tree of 5 leaves", outside);
        Assert.False(MerkleProof.VerifyInclusion(LeafHash([5]), 4, 5, [.. path, .. new byte[32]], root, out var tooLong));
        Assert.Equal("the audit path has 2 hashes; leaf 4 of a tree of 5 needs 1", tooLong);
        Assert.False(MerkleProof.VerifyInclusion(LeafHash([5]), 0, 5, path, root, out var tooShort));
        Assert.Equal("the audit path has 1 hashes, too few for leaf 0 of a tree of 5", tooShort);
        Assert.False(MerkleProof.VerifyInclusion(LeafHash([6]), 4, 5, path, root, out var otherRoot));
        Assert.StartsWith("the leaf and audit path lead to root ", otherRoot, StringComparison.Ordinal);
        Assert.EndsWith($", not {Convert.ToHexStringLower(root)}", otherRoot, StringComparison.Ordinal);
        Assert.False(MerkleProof.VerifyInclusion(LeafHash([5]), 4, 5, path.AsSpan(0, 31), root, out var ragged));
        Assert.Equal("the audit path is 31 bytes, not a whole number of 32-byte hashes", ragged);
    }

    [Fact]
    public void Build_NoLeaves_IsRefused() =>
        Assert.Throws<ArgumentException>(() => MerkleTree.Build([]));
}
