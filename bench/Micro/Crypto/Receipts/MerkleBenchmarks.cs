using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Support;
using Gateway.Crypto.Receipts;
using Gateway.Protocol.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Benchmarks.Crypto.Receipts;

/// <summary>
/// What does the receipt Merkle tree (RFC 6962, <see cref="MerkleTree"/>) cost per commit batch of
/// <see cref="LeafCount"/> receipts, and what does one receipt's inclusion proof cost to produce and to
/// check? Leaves are real receipt leaves (<see cref="ReceiptLeaf.Encode"/>); the proof is for the middle
/// leaf. The last row is the whole of <see cref="ReceiptSigner.Sign"/> for the batch: leaf encoding, the
/// tree, one ECDSA P-256 CMS signature over the root, and every receipt's proof, as the persist stage
/// signs a committed batch. Ratios are against building the tree alone.
/// </summary>
public class MerkleBenchmarks : IDisposable
{
    private readonly byte[] _auditPath = new byte[MerkleTree.MaxAuditPathLength * MerkleHash.Size];
    private List<Receipt> _receipts = [];
    private List<byte[]> _leaves = [];
    private MerkleTree _tree = null!;
    private byte[] _leafHash = [];
    private byte[] _root = [];
    private int _proofIndex;
    private X509Certificate2 _certificate = null!;
    private ReceiptSigner _signer = null!;
    private DateTimeOffset _signingTime;

    [Params(1, 16, 256, 1024)]
    public int LeafCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _signingTime = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var digest = new byte[32];
        var random = new Random(LeafCount);
        _receipts = new List<Receipt>(LeafCount);
        for (var i = 0; i < LeafCount; i++)
        {
            random.NextBytes(digest);
            _receipts.Add(new Receipt
            {
                DocumentId = Guid.CreateVersion7(_signingTime).ToString("D"),
                AcceptedAt = Timestamp.FromDateTimeOffset(_signingTime),
                HeaderDigest = ByteString.CopyFrom(digest),
                Sequence = (ulong)(1_000_000 + i),
            });
        }

        _leaves = _receipts.ConvertAll(ReceiptLeaf.Encode);
        _tree = MerkleTree.Build(_leaves);
        _proofIndex = LeafCount / 2;
        _leafHash = _tree.LeafHash(_proofIndex).ToArray();
        _root = _tree.Root.ToArray();
        if (!ProveAndVerify())
            throw new InvalidOperationException("the inclusion proof did not verify");

        _certificate = SigningCertificate.Create("Axis Gateway receipts", "000.00.00.G22");
        _signer = new ReceiptSigner(_certificate);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _certificate.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Build tree")]
    public MerkleTree Build() => MerkleTree.Build(_leaves);

    [Benchmark(Description = "Audit path + verify, one leaf")]
    public bool ProveAndVerify()
    {
        var count = _tree.CopyAuditPath(_proofIndex, _auditPath);
        return MerkleProof.VerifyInclusion(_leafHash, (ulong)_proofIndex, (ulong)LeafCount,
            _auditPath.AsSpan(0, count * MerkleHash.Size), _root, out _);
    }

    [Benchmark(Description = "Build tree + audit path + verify")]
    public bool BuildProveAndVerify()
    {
        var tree = MerkleTree.Build(_leaves);
        var count = tree.CopyAuditPath(_proofIndex, _auditPath);
        return MerkleProof.VerifyInclusion(tree.LeafHash(_proofIndex), (ulong)_proofIndex, (ulong)LeafCount,
            _auditPath.AsSpan(0, count * MerkleHash.Size), tree.Root, out _);
    }

    [Benchmark(Description = "ReceiptSigner.Sign batch (tree + 1 ECDSA sig + proofs)")]
    public SignedBatch SignBatch() => _signer.Sign(_receipts, _signingTime);
}
